// Content URLs: which platform a URL belongs to, the media id it carries, and the content type it implies.
// The id parsed here is not always the platform's own media id (an Instagram shortcode, a vm.tiktok.com
// redirect code): metrics ingestion resolves and stores that at the first refresh (docs/decisions.md, "Platforms, metrics, failure reasons").
import type { ContentType, Platform } from "../shared/enums.js";
import { PLATFORM_FACTS, PLATFORMS } from "../platforms/platforms.js";

export interface ParsedContentUrl {
  platform: Platform;
  externalMediaId: string;
  contentType: ContentType;
}

const HOSTS = new Map<string, Platform>(PLATFORMS.flatMap((platform) => PLATFORM_FACTS[platform].urlHosts.map((host) => [host, platform] as const)));

/** The platform a URL's host belongs to, ignoring `www.`, `m.` and similar prefixes. */
export function platformOfUrl(url: URL): Platform | undefined {
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile|web|business)\./, "");
  return HOSTS.get(host);
}

type Rule = [RegExp, ContentType];

const ID = "([A-Za-z0-9_-]{1,64})";
const NUMERIC = "(\\d{1,30})";
// YouTube video ids are 11 characters; every URL form checks the same bounds as `watch?v=` does, so a
// `/shorts/abc` is as invalid as a `watch?v=abc`.
const YOUTUBE_ID_CHARS = "[A-Za-z0-9_-]{6,20}";
const YOUTUBE_ID = `(${YOUTUBE_ID_CHARS})`;

const PATH_RULES: Record<Platform, Rule[]> = {
  INSTAGRAM: [
    [new RegExp(`^/(?:[\\w.]+/)?p/${ID}/?$`), "POST"],
    [new RegExp(`^/(?:[\\w.]+/)?reels?/${ID}/?$`), "REEL"],
    [new RegExp(`^/tv/${ID}/?$`), "VIDEO"],
    [new RegExp(`^/stories/[\\w.]+/${NUMERIC}/?$`), "STORY"],
  ],
  TIKTOK: [
    [new RegExp(`^/@[\\w.-]+/video/${NUMERIC}/?$`), "VIDEO"],
    [new RegExp(`^/@[\\w.-]+/photo/${NUMERIC}/?$`), "POST"],
    [new RegExp(`^/v/${NUMERIC}(?:\\.html)?/?$`), "VIDEO"],
    [new RegExp(`^/t/${ID}/?$`), "VIDEO"],
  ],
  FACEBOOK: [
    [new RegExp(`^/[\\w.-]+/posts/${ID}/?$`), "POST"],
    [new RegExp(`^/reel/${NUMERIC}/?$`), "REEL"],
    [new RegExp(`^/[\\w.-]+/videos/(?:[\\w.-]+/)?${NUMERIC}/?$`), "VIDEO"],
    [new RegExp(`^/share/[prv]/${ID}/?$`), "POST"],
  ],
  YOUTUBE: [
    [new RegExp(`^/shorts/${YOUTUBE_ID}/?$`), "SHORT"],
    [new RegExp(`^/live/${YOUTUBE_ID}/?$`), "LIVE"],
    [new RegExp(`^/embed/${YOUTUBE_ID}/?$`), "VIDEO"],
  ],
};

function fromPath(platform: Platform, path: string): ParsedContentUrl | undefined {
  for (const [pattern, contentType] of PATH_RULES[platform]) {
    const match = pattern.exec(path);
    if (match) return { platform, externalMediaId: match[1]!, contentType };
  }
  return undefined;
}

/** Parses a post URL of any supported platform, or returns undefined when it is not one. */
export function parseContentUrl(raw: string): ParsedContentUrl | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  // Platforms never link to posts with credentials or a port: such a URL points somewhere else.
  if (url.username || url.password || url.port) return undefined;
  const platform = platformOfUrl(url);
  if (!platform) return undefined;
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  const shortCode = /^\/([A-Za-z0-9_-]{4,64})\/?$/.exec(path)?.[1];

  switch (platform) {
    case "TIKTOK":
      if (/^(vm|vt)\.tiktok\.com$/.test(host)) return shortCode ? { platform, externalMediaId: shortCode, contentType: "VIDEO" } : undefined;
      return fromPath(platform, path);
    case "YOUTUBE": {
      if (host.endsWith("youtu.be")) {
        return shortCode && new RegExp(`^${YOUTUBE_ID_CHARS}$`).test(shortCode) ? { platform, externalMediaId: shortCode, contentType: "VIDEO" } : undefined;
      }
      const v = url.searchParams.get("v");
      if (/^\/watch\/?$/.test(path) && v && new RegExp(`^${YOUTUBE_ID_CHARS}$`).test(v)) return { platform, externalMediaId: v, contentType: "VIDEO" };
      return fromPath(platform, path);
    }
    case "FACEBOOK": {
      if (host.endsWith("fb.watch")) return shortCode ? { platform, externalMediaId: shortCode, contentType: "VIDEO" } : undefined;
      const v = url.searchParams.get("v");
      if (/^\/watch\/?$/.test(path) && v && /^\d{1,30}$/.test(v)) return { platform, externalMediaId: v, contentType: "VIDEO" };
      const story = url.searchParams.get("story_fbid");
      if (/^\/(permalink|story)\.php$/.test(path) && story && /^[\w-]{1,64}$/.test(story)) {
        return { platform, externalMediaId: story, contentType: "POST" };
      }
      return fromPath(platform, path);
    }
    default:
      return fromPath(platform, path);
  }
}
