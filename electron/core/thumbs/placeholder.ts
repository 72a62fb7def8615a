import type { NoPixels } from './local-pixels';

/** What a placeholder tile says, per reason. */
const REASONS: Record<NoPixels, string> = {
  'no-local-file': 'No local image file',
  'file-missing': 'Image file not found',
  unsupported: 'Cannot read this image',
  'not-connected': 'Server not connected',
  offline: 'Offline, not kept yet',
  'token-refused': 'Server refused the token',
  'server-refused': 'Server did not send it',
};

/**
 * A neutral tile that says why there are no pixels, as a small SVG: it fills any tile like an
 * image does, and follows the light or dark scheme by itself.
 */
export function placeholderSvg(why: NoPixels): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 192" width="256" height="192">
<style>rect{fill:#eceef1}text{fill:#5b6270;font:14px system-ui,sans-serif}path{stroke:#9aa1ad}
@media (prefers-color-scheme:dark){rect{fill:#2a2d33}text{fill:#a5acb8}path{stroke:#6b7280}}</style>
<rect width="256" height="192"/>
<path d="M108 70h40v30h-40zM108 92l12-10 10 8 6-5 12 10" fill="none" stroke-width="2"/>
<text x="128" y="130" text-anchor="middle">${REASONS[why]}</text>
</svg>`;
}
