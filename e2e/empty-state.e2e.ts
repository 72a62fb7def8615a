import { expect, test } from './harness';

test('a fresh cache shows the empty state with every way to fill it', async ({ loupe }) => {
  const { page } = loupe;
  const empty = page.getByTestId('empty-state');
  await expect(empty).toBeVisible();
  await expect(empty.getByRole('heading', { name: 'No images in the cache yet' })).toBeVisible();
  await expect(empty.getByRole('button', { name: 'Import file…' })).toBeEnabled();
  await expect(empty.getByRole('button', { name: 'Import project folder…' })).toBeEnabled();
  await expect(empty.getByRole('button', { name: 'Load demo data' })).toBeEnabled();
  await expect(page.getByTestId('topbar-import')).toBeVisible();
  // The status bar reports the real (empty) cache.
  const info = await loupe.call('app:info', {});
  expect(info.image_count).toBe(0);
  await expect(page.getByTestId('cache-summary')).toContainText('0 images');
  await expect(page.getByTestId('cache-summary')).toContainText('0 sources');
  await expect(page.getByTestId('sidebar')).toContainText('None yet');
  await loupe.shot('empty-state');
  // Keyboard: every action is reachable with Tab (search is disabled while there is nothing);
  // the sidebar's own controls (e.g. Connect a server…) come between the top bar and the centre.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('topbar-import')).toBeFocused();
  const importFile = empty.getByRole('button', { name: 'Import file…' });
  const focused = () =>
    importFile.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el.ownerDocument.activeElement === el);
  for (let i = 0; i < 6 && !(await focused()); i++) await page.keyboard.press('Tab');
  await expect(importFile).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(empty.getByRole('button', { name: 'Import project folder…' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(empty.getByRole('button', { name: 'Load demo data' })).toBeFocused();
});
