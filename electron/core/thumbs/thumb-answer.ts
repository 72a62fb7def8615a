import sharp from 'sharp';
import type { ThumbResponse, ThumbService } from './thumb-service';

const toResponse = (r: ThumbResponse): Response =>
  new Response(typeof r.body === 'string' ? r.body : Buffer.from(r.body), { status: r.status, headers: r.headers });

/**
 * A thumbnail made while the page waited, as SVG: the WebP inside as a data URL at its own
 * size, or the placeholder as it is. One type whatever the outcome, since it is sent before the
 * outcome is known.
 */
async function asSvg(r: ThumbResponse): Promise<Uint8Array> {
  if (typeof r.body === 'string') return Buffer.from(r.body);
  const { width = 256, height = 256 } = await sharp(r.body).metadata();
  const data = Buffer.from(r.body).toString('base64');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><image href="data:image/webp;base64,${data}" width="${width}" height="${height}"/></svg>`,
  );
}

/**
 * The answer main's `loupe-thumb:` handler returns. Electron builds the handler's Request with
 * no abort signal (lib/browser/api/protocol.ts) and, when the page gives up a request (its tile
 * scrolled away), only destroys the body stream of the Response already returned. So what is
 * known at once (a stored thumbnail, a placeholder, a refusal) is answered as it is, and work
 * still to do (a decode, a server fetch) is answered at once with a streamed SVG body whose
 * cancellation aborts the work: the fetch stops and a decode not yet started is dropped. The
 * next look at that tile is a store hit, served as WebP.
 */
export function thumbAnswer(service: ThumbService, url: string): Response {
  const b = service.begin(url);
  if ('now' in b) return toResponse(b.now);
  const gone = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async pull(out) {
      const r = await b.later(gone.signal);
      if (gone.signal.aborted) return;
      out.enqueue(r.status === 200 ? await asSvg(r) : Buffer.from(''));
      out.close();
    },
    cancel() {
      gone.abort();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' } });
}
