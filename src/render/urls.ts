// Every link in the site is built here from the base path, so the site works at a domain's
// root and under a sub-path alike.
import type { PaperConfig } from '../model.js';

/** Root-relative href for a site path such as "national/" or "" (the front page). */
export function href(config: PaperConfig, sitePath: string): string {
  return config.basePath + encodeURI(sitePath);
}

/** Absolute URL, when the base URL has a host; otherwise the root-relative href. */
export function absolute(config: PaperConfig, sitePath: string): string {
  if (config.baseUrl.startsWith('/')) return href(config, sitePath);
  return new URL(encodeURI(sitePath), config.baseUrl).href;
}

/** The file that serves a site path: "a/b/" -> "a/b/index.html". */
export function fileFor(sitePath: string): string {
  if (sitePath === '' || sitePath.endsWith('/')) return `${sitePath}index.html`;
  return sitePath;
}

/**
 * Site path of a page of the listing rooted at `root` ("" or "national/"): archive page `n`,
 * counted from the oldest (1-based, see paging.ts), or the first page (the root) for 0.
 */
export function pagePath(root: string, n: number): string {
  return n <= 0 ? root : `${root}page/${n}/`;
}
