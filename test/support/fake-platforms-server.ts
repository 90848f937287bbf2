// The fake platforms as a process of their own, to run the connect flows locally (README, "Connecting
// platform accounts"): `npx tsx test/support/fake-platforms-server.ts [port]` prints the environment that
// points a server at them. Every consent page answers at once for a new user of that platform.
import { FakePlatforms } from "./fake-platforms.js";

const port = Number(process.argv[2] ?? 4555);
const fake = await FakePlatforms.start(port);
const lines: string[] = [];
for (const [platform, settings] of Object.entries(fake.platformSettings())) {
  lines.push(
    `${platform}_CLIENT_ID=${settings.clientId}`,
    `${platform}_CLIENT_SECRET=${settings.clientSecret}`,
    `${platform}_API_BASE_URL=${settings.apiBaseUrl}`,
    `${platform}_OAUTH_BASE_URL=${settings.oauthBaseUrl}`,
    `${platform}_AUTHORIZE_URL=${settings.authorizeUrl}`,
    `${platform}_TOKEN_URL=${settings.tokenUrl}`,
  );
}
console.log(`fake platforms at ${fake.url}; start the API with:\n\n${lines.join(" \\\n")} \\\nnpm start\n`);
const stop = () => void fake.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
