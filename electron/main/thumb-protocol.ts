import { protocol } from 'electron';
import { THUMB_SCHEME } from '../../shared/thumb-url';
import { thumbAnswer } from '../core/thumbs/thumb-answer';
import type { ThumbService } from '../core/thumbs/thumb-service';

/**
 * Declares the thumbnail scheme before the app is ready (Electron requires it then): standard,
 * so its URLs parse like http ones, and secure, so the page's CSP may allow it for images.
 */
export function declareThumbScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: THUMB_SCHEME, privileges: { standard: true, secure: true } }]);
}

/**
 * Answers `loupe-thumb://` requests with the core's thumbnail service; no logic lives here
 * (thumb-answer says how a request the page gives up stops its work).
 */
export function serveThumbs(thumbs: ThumbService): void {
  protocol.handle(THUMB_SCHEME, (request) => thumbAnswer(thumbs, request.url));
}
