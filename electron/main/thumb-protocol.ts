import { protocol } from 'electron';
import { THUMB_SCHEME } from '../../shared/thumb-url';
import type { ThumbService } from '../core/thumbs/thumb-service';

/**
 * Declares the thumbnail scheme before the app is ready (Electron requires it then): standard,
 * so its URLs parse like http ones, and secure, so the page's CSP may allow it for images.
 */
export function declareThumbScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: THUMB_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** Answers `loupe-thumb://` requests with the core's thumbnail service; no logic lives here. */
export function serveThumbs(thumbs: ThumbService): void {
  protocol.handle(THUMB_SCHEME, async (request) => {
    const r = await thumbs.serve(request.url);
    return new Response(typeof r.body === 'string' ? r.body : Buffer.from(r.body), { status: r.status, headers: r.headers });
  });
}
