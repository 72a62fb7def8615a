export function findPackagedApp(
  dist: string,
  platform: string,
  arch: string,
  productName?: string,
  executableName?: string,
): string | null;
