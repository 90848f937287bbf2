// Content URLs, beyond src/submissions/content-url.test.ts: more real-looking forms of every platform, URLs that only
// look like one platform's, ids that must be checked the same way in every form, and, through submitContent,
// every platform's URL declared as every other platform (VALIDATION_ERROR, nothing stored) next to the
// right one (stored with the id the metrics refresh starts from).
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { submissions } from "../../../schema/tables.js";
import { parseContentUrl } from "../../../src/submissions/content-url.js";
import { startTestServer, type TestServer } from "../../support/server.js";
import { SUBMIT, connectAccount, createActiveCampaign, join, ok, signUp, type Actor } from "../../support/factories.js";

type Parsed = [url: string, platform: string, externalMediaId: string, contentType: string];

const MORE_FORMS: Parsed[] = [
  // Instagram: no www, fragments, usernames with dots before the kind.
  ["https://instagram.com/reel/C4aBcDeFgHi", "INSTAGRAM", "C4aBcDeFgHi", "REEL"],
  ["https://www.instagram.com/reel/C4aBcDeFgHi/#comments", "INSTAGRAM", "C4aBcDeFgHi", "REEL"],
  ["https://www.instagram.com/nat.geo_/p/C3xYz_12AbC/?hl=en", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://www.instagram.com/tv/B8xYzAbCdEf/?utm_source=ig_web_button_share_sheet", "INSTAGRAM", "B8xYzAbCdEf", "VIDEO"],
  // TikTok: query strings and trailing slashes of shared links; short links keep their code (resolved at refresh).
  ["https://www.tiktok.com/@nasa/video/7301234567890123456?lang=en", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://www.tiktok.com/@nasa/video/7301234567890123456/", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://www.tiktok.com/@nasa/video/7301234567890123456?_r=1&_t=8kTeW2mZ0bX", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://m.tiktok.com/v/7301234567890123456", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://vm.tiktok.com/ZMhvqKp3B/?k=1", "TIKTOK", "ZMhvqKp3B", "VIDEO"],
  // YouTube: every host form, parameters in any order.
  ["https://m.youtube.com/shorts/aBcDeFgHiJk", "YOUTUBE", "aBcDeFgHiJk", "SHORT"],
  ["https://www.youtube.com/shorts/aBcDeFgHiJk/", "YOUTUBE", "aBcDeFgHiJk", "SHORT"],
  ["https://www.youtube.com/watch?app=desktop&v=dQw4w9WgXcQ", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://youtube.com/watch/?v=dQw4w9WgXcQ", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://youtu.be/dQw4w9WgXcQ/", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  // Facebook: its other hosts, page ids instead of names.
  ["https://fb.com/nasa/posts/10159876543210987", "FACEBOOK", "10159876543210987", "POST"],
  ["https://web.facebook.com/watch/?v=1234567890123456", "FACEBOOK", "1234567890123456", "VIDEO"],
  ["https://mobile.facebook.com/nasa/posts/pfbid02abcDEF123xyz", "FACEBOOK", "pfbid02abcDEF123xyz", "POST"],
  ["https://business.facebook.com/nasa/posts/10159876543210987", "FACEBOOK", "10159876543210987", "POST"],
  ["https://www.facebook.com/100064123456789/videos/1234567890123456", "FACEBOOK", "1234567890123456", "VIDEO"],
];

const NOT_A_POST: [string, string][] = [
  // Another site carrying a platform's URL somewhere in it.
  ["https://instagram.com@evil.example/p/C4aBcDeFgHi/", "credentials trick: the host is evil.example"],
  ["https://evil.example/https://www.instagram.com/p/C4aBcDeFgHi/", "a platform URL in the path"],
  ["https://l.facebook.com/l.php?u=https%3A%2F%2Finstagram.com%2Fp%2FC4aBcDeFgHi", "Facebook's link shim"],
  ["https://www.youtube.com/redirect?q=https://www.instagram.com/p/C4aBcDeFgHi/", "YouTube's redirect page"],
  ["https://www.tiktok.com.evil.example/@x/video/7301234567890123456", "a look-alike TikTok host"],
  ["https://www.instagram.com./p/C4aBcDeFgHi/", "a trailing-dot host"],
  ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "a YouTube host we do not serve"],
  // A platform's pages that are not one post.
  ["https://www.tiktok.com/@nasa/live", "a TikTok live page"],
  ["https://www.instagram.com/p/C4aBcDeFgHi/embed/", "an Instagram embed page"],
  ["https://youtu.be/shorts/aBcDeFgHiJk", "a path under youtu.be"],
  // YouTube ids are checked the same way in every form (watch?v=abc is refused by content-url.test.ts).
  ["https://www.youtube.com/shorts/aBc", "a shorts id that is too short"],
  ["https://youtu.be/aBcD", "a youtu.be id that is too short"],
  ["https://www.youtube.com/live/abc", "a live id that is too short"],
  [`https://www.youtube.com/embed/${"a".repeat(30)}`, "an embed id that is too long"],
];

describe("parseContentUrl, more forms", () => {
  it.each(MORE_FORMS)("%s", (url, platform, externalMediaId, contentType) => {
    expect(parseContentUrl(url)).toEqual({ platform, externalMediaId, contentType });
  });

  it.each(NOT_A_POST)("rejects %s (%s)", (url) => {
    expect(parseContentUrl(url)).toBeUndefined();
  });
});

// One real-looking post URL per platform, for the cross-platform table at submission.
const POSTS: Record<string, () => string> = {
  INSTAGRAM: () => `https://www.instagram.com/reel/C${Math.random().toString(36).slice(2, 12)}/`,
  TIKTOK: () => `https://www.tiktok.com/@creator/video/73${String(Math.random()).slice(2, 19).padEnd(17, "7")}`,
  FACEBOOK: () => `https://www.facebook.com/creatorpage/posts/10${String(Math.random()).slice(2, 17).padEnd(15, "1")}`,
  YOUTUBE: () => `https://www.youtube.com/shorts/${Math.random().toString(36).slice(2, 13).padEnd(11, "x")}`,
};
const PLATFORMS = Object.keys(POSTS);
const WRONG_PLATFORM: [declared: string, actual: string][] = PLATFORMS.flatMap((declared) =>
  PLATFORMS.filter((actual) => actual !== declared).map((actual): [string, string] => [declared, actual]),
);

describe("submitContent", () => {
  let server: TestServer;
  let brand: Actor;
  let influencer: Actor;
  let participationId: string;

  beforeAll(async () => {
    server = await startTestServer();
    brand = await signUp(server, "BRAND");
    influencer = await signUp(server, "INFLUENCER");
    for (const platform of PLATFORMS) await connectAccount(server, influencer, platform);
    participationId = await join(server, influencer, await createActiveCampaign(server, brand, { submissionLimit: 10 }));
  });
  afterAll(() => server?.close());

  const storedCount = async () => (await server.server.app.database.db.select({ id: submissions.id }).from(submissions)).length;

  it.each(WRONG_PLATFORM)("a %s submission with a %s URL is VALIDATION_ERROR on contentUrl, naming the URL's platform; nothing stored", async (declared, actual) => {
    const before = await storedCount();
    const response = await server.gql(SUBMIT, { input: { participationId, platform: declared, contentUrl: POSTS[actual]!() } }, influencer.token);
    expect(response.data?.submitContent).toBeUndefined();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { contentUrl: expect.stringContaining(actual) } } });
    expect(await storedCount()).toBe(before);
  });

  it.each(NOT_A_POST.slice(0, 6))("%s (%s) is VALIDATION_ERROR whatever the declared platform", async (contentUrl) => {
    for (const platform of PLATFORMS) {
      const response = await server.gql(SUBMIT, { input: { participationId, platform, contentUrl } }, influencer.token);
      expect(response.errors?.[0]?.extensions.code).toBe("VALIDATION_ERROR");
    }
  });

  it("the right platform's URLs are stored with the parsed id as externalMediaId and no platform id yet", async () => {
    const cases = [
      ["INSTAGRAM", "https://www.instagram.com/reel/C4aBcDeFgHi/?igsh=MTc4MmM1YmI2Ng==", "C4aBcDeFgHi", "REEL"],
      ["TIKTOK", "https://vm.tiktok.com/ZMhvqKp3B/", "ZMhvqKp3B", "VIDEO"],
      ["FACEBOOK", "https://fb.watch/abcD3FgHi/", "abcD3FgHi", "VIDEO"],
      ["YOUTUBE", "https://youtu.be/dQw4w9WgXcQ?si=Xy12_abc", "dQw4w9WgXcQ", "VIDEO"],
    ] as const;
    for (const [platform, contentUrl, externalMediaId, contentType] of cases) {
      const data = await ok(server, SUBMIT, { input: { participationId, platform, contentUrl } }, influencer.token);
      expect(data.submitContent.submission).toMatchObject({ status: "PENDING", externalMediaId, contentType });
      const [row] = await server.server.app.database.db.select().from(submissions).where(eq(submissions.publicId, data.submitContent.submission.id));
      expect(row).toMatchObject({ platform, contentUrl, externalMediaId, platformMediaId: null });
    }
  });
});
