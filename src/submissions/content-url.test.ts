// parseContentUrl: platform, media id and implied content type of real-looking post URLs (docs/decisions.md).
import { describe, expect, it } from "vitest";
import { parseContentUrl, platformOfUrl } from "./content-url.js";

type Case = [url: string, platform: string, externalMediaId: string, contentType: string];

const INSTAGRAM: Case[] = [
  ["https://www.instagram.com/p/C3xYz_12AbC/", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://www.instagram.com/p/C3xYz_12AbC", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://instagram.com/p/C3xYz-12AbC/?igsh=MTc4MmM1YmI2Ng==", "INSTAGRAM", "C3xYz-12AbC", "POST"],
  ["https://www.instagram.com/p/C3xYz_12AbC/?utm_source=ig_web_copy_link&img_index=2", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://www.instagram.com/natgeo/p/C3xYz_12AbC/", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://m.instagram.com/p/C3xYz_12AbC/", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://instagr.am/p/C3xYz_12AbC/", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://WWW.INSTAGRAM.COM/p/C3xYz_12AbC/", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["http://www.instagram.com/p/C3xYz_12AbC/", "INSTAGRAM", "C3xYz_12AbC", "POST"],
  ["https://www.instagram.com/reel/C4aBcDeFgHi/", "INSTAGRAM", "C4aBcDeFgHi", "REEL"],
  ["https://www.instagram.com/reels/C4aBcDeFgHi/", "INSTAGRAM", "C4aBcDeFgHi", "REEL"],
  ["https://www.instagram.com/reel/C4aBcDeFgHi/?igsh=abc123", "INSTAGRAM", "C4aBcDeFgHi", "REEL"],
  ["https://www.instagram.com/natgeo/reel/C4aBcDeFgHi/", "INSTAGRAM", "C4aBcDeFgHi", "REEL"],
  ["https://www.instagram.com/tv/B8xYzAbCdEf/", "INSTAGRAM", "B8xYzAbCdEf", "VIDEO"],
  ["https://www.instagram.com/stories/natgeo/3301234567890123456/", "INSTAGRAM", "3301234567890123456", "STORY"],
  ["https://www.instagram.com/stories/nat.geo_official/3301234567890123456?utm_source=ig_story_item_share", "INSTAGRAM", "3301234567890123456", "STORY"],
];

const TIKTOK: Case[] = [
  ["https://www.tiktok.com/@charlidamelio/video/7301234567890123456", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://www.tiktok.com/@charli.d_amelio-x/video/7301234567890123456?is_from_webapp=1&sender_device=pc", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://m.tiktok.com/@charlidamelio/video/7301234567890123456/", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://www.tiktok.com/@nasa/photo/7312345678901234567", "TIKTOK", "7312345678901234567", "POST"],
  ["https://m.tiktok.com/v/7301234567890123456.html", "TIKTOK", "7301234567890123456", "VIDEO"],
  ["https://vm.tiktok.com/ZMhvqKp3B/", "TIKTOK", "ZMhvqKp3B", "VIDEO"],
  ["https://vm.tiktok.com/ZMhvqKp3B", "TIKTOK", "ZMhvqKp3B", "VIDEO"],
  ["https://vt.tiktok.com/ZSRaBcDeF/", "TIKTOK", "ZSRaBcDeF", "VIDEO"],
  ["https://www.tiktok.com/t/ZTRaBcDeF/", "TIKTOK", "ZTRaBcDeF", "VIDEO"],
];

const YOUTUBE: Case[] = [
  ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://m.youtube.com/watch?v=dQw4w9WgXcQ", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=10", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://www.youtube.com/shorts/aBcDeFgHiJk", "YOUTUBE", "aBcDeFgHiJk", "SHORT"],
  ["https://youtube.com/shorts/aBcDeFgHiJk?feature=share", "YOUTUBE", "aBcDeFgHiJk", "SHORT"],
  ["https://youtu.be/dQw4w9WgXcQ", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://youtu.be/dQw4w9WgXcQ?si=Xy12_abc&t=5", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
  ["https://www.youtube.com/live/jfKfPfyJRdk?feature=share", "YOUTUBE", "jfKfPfyJRdk", "LIVE"],
  ["https://www.youtube.com/embed/dQw4w9WgXcQ", "YOUTUBE", "dQw4w9WgXcQ", "VIDEO"],
];

const FACEBOOK: Case[] = [
  ["https://www.facebook.com/nasa/posts/pfbid02abcDEF123xyz", "FACEBOOK", "pfbid02abcDEF123xyz", "POST"],
  ["https://www.facebook.com/nasa/posts/10159876543210987", "FACEBOOK", "10159876543210987", "POST"],
  ["https://m.facebook.com/nasa/posts/10159876543210987/", "FACEBOOK", "10159876543210987", "POST"],
  ["https://www.facebook.com/reel/1234567890123456", "FACEBOOK", "1234567890123456", "REEL"],
  ["https://www.facebook.com/reel/1234567890123456/?mibextid=rS40aB7S9Ucbxw6v", "FACEBOOK", "1234567890123456", "REEL"],
  ["https://www.facebook.com/nasa/videos/1234567890123456/", "FACEBOOK", "1234567890123456", "VIDEO"],
  ["https://www.facebook.com/nasa/videos/launch-day-recap/1234567890123456/", "FACEBOOK", "1234567890123456", "VIDEO"],
  ["https://www.facebook.com/watch/?v=1234567890123456", "FACEBOOK", "1234567890123456", "VIDEO"],
  ["https://www.facebook.com/watch?v=1234567890123456", "FACEBOOK", "1234567890123456", "VIDEO"],
  ["https://fb.watch/abcD3FgHi/", "FACEBOOK", "abcD3FgHi", "VIDEO"],
  ["https://www.facebook.com/permalink.php?story_fbid=pfbid0abc123&id=100064", "FACEBOOK", "pfbid0abc123", "POST"],
  ["https://www.facebook.com/permalink.php?id=100064&story_fbid=10159876543210987", "FACEBOOK", "10159876543210987", "POST"],
  ["https://www.facebook.com/story.php?story_fbid=10159876543210987&id=100064", "FACEBOOK", "10159876543210987", "POST"],
  ["https://www.facebook.com/share/p/1AbCdEfGhI/", "FACEBOOK", "1AbCdEfGhI", "POST"],
  ["https://www.facebook.com/share/v/1AbCdEfGhI/", "FACEBOOK", "1AbCdEfGhI", "POST"],
];

describe("parseContentUrl", () => {
  for (const [name, cases] of Object.entries({ INSTAGRAM, TIKTOK, YOUTUBE, FACEBOOK })) {
    describe(name, () => {
      it.each(cases)("%s", (url, platform, externalMediaId, contentType) => {
        expect(parseContentUrl(url)).toEqual({ platform, externalMediaId, contentType });
      });
    });
  }

  const REJECTED: [string, string][] = [
    // Not a post of any platform we know.
    ["https://example.com/p/C3xYz_12AbC/", "another site"],
    ["https://www.twitter.com/nasa/status/1234567890", "an unsupported platform"],
    ["https://instagram.com.evil.example/p/C3xYz_12AbC/", "a look-alike host"],
    ["https://evilinstagram.com/p/C3xYz_12AbC/", "a host that only ends like one"],
    ["https://instagram.evil.com/p/C3xYz_12AbC/", "a subdomain of another site"],
    ["https://music.youtube.com/watch?v=dQw4w9WgXcQ", "a YouTube host we do not serve"],
    ["https://user:pass@www.instagram.com/p/C3xYz_12AbC/", "credentials in the URL"],
    ["https://www.instagram.com:8443/p/C3xYz_12AbC/", "a port no platform links with"],
    // Profiles, feeds and pages, not posts.
    ["https://www.instagram.com/natgeo/", "an Instagram profile"],
    ["https://www.instagram.com/explore/tags/summer/", "an Instagram hashtag page"],
    ["https://www.instagram.com/p/", "an Instagram post without id"],
    ["https://www.instagram.com/p/C3xYz/extra/", "extra path after the id"],
    ["https://www.instagram.com/stories/natgeo/", "a story without id"],
    ["https://www.tiktok.com/@charlidamelio", "a TikTok profile"],
    ["https://www.tiktok.com/@charlidamelio/video/notanumber", "a TikTok video without numeric id"],
    ["https://www.tiktok.com/video/7301234567890123456", "a TikTok video without author"],
    ["https://vm.tiktok.com/", "a short link without code"],
    ["https://www.youtube.com/@MrBeast", "a YouTube channel"],
    ["https://www.youtube.com/watch", "watch without v"],
    ["https://www.youtube.com/watch?v=abc", "a watch id that is too short"],
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>", "a watch id with markup"],
    ["https://youtu.be/", "youtu.be without id"],
    ["https://www.youtube.com/playlist?list=PL1234567890", "a playlist"],
    ["https://www.facebook.com/nasa", "a Facebook page"],
    ["https://www.facebook.com/watch/?v=abc", "a watch id that is not numeric"],
    ["https://www.facebook.com/permalink.php?id=100064", "a permalink without story"],
    // Not http(s), or not a URL.
    ["ftp://www.instagram.com/p/C3xYz_12AbC/", "ftp"],
    ["javascript:alert(1)//www.instagram.com/p/C3xYz_12AbC/", "javascript"],
    ["data:text/html,https://www.instagram.com/p/C3xYz_12AbC/", "data"],
    ["www.instagram.com/p/C3xYz_12AbC/", "no scheme"],
    ["instagram post C3xYz_12AbC", "free text"],
    ["", "empty"],
    ["https://", "scheme only"],
    ["https://www.instagram.com/p/C3xYz_12AbC%2F..%2F/", "an encoded path"],
  ];
  it.each(REJECTED)("rejects %s (%s)", (url) => {
    expect(parseContentUrl(url)).toBeUndefined();
  });

  it("says which platform a URL belongs to, whatever the path", () => {
    expect(platformOfUrl(new URL("https://www.tiktok.com/@x/video/1"))).toBe("TIKTOK");
    expect(platformOfUrl(new URL("https://business.facebook.com/x"))).toBe("FACEBOOK");
    expect(platformOfUrl(new URL("https://youtu.be/x"))).toBe("YOUTUBE");
    expect(platformOfUrl(new URL("https://example.com/"))).toBeUndefined();
  });

  it("parses a URL of one platform as that platform only: the service compares it with the declared one", () => {
    const parsed = parseContentUrl("https://www.tiktok.com/@creator/video/7301234567890123456");
    expect(parsed?.platform).toBe("TIKTOK");
    expect(parsed?.platform).not.toBe("INSTAGRAM");
  });

  it("keeps ids at most 64 characters", () => {
    expect(parseContentUrl(`https://www.instagram.com/p/${"a".repeat(64)}/`)?.externalMediaId).toHaveLength(64);
    expect(parseContentUrl(`https://www.instagram.com/p/${"a".repeat(65)}/`)).toBeUndefined();
  });
});
