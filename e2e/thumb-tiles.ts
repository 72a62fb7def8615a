import type { Loupe } from './harness';

/** Each grid tile's image as the page sees it: name, decoded width and, for placeholders, why. */
export async function tileImages(loupe: Loupe) {
  return loupe.page.getByTestId('thumb-tile').evaluateAll(async (tiles) =>
    Promise.all(
      tiles.map(async (t) => {
        const img = t.querySelector('img');
        if (!img) return { name: '', width: 0, placeholder: null };
        await img.decode().catch(() => undefined);
        const res = await fetch(img.src);
        return { name: t.querySelector('.tile-name')?.textContent ?? '', width: img.naturalWidth, placeholder: res.headers.get('x-loupe-placeholder') };
      }),
    ),
  );
}
