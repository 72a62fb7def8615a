/**
 * The natural order of names (#19), as a key that sorts by plain comparison: letters without
 * case, digit runs as numbers ("street 1912" before "street 18555", "123.jpg" before
 * "12284.jpg"). A digit run is written as its length (one character from '0', so a shorter
 * number sorts first; runs of more than 40 digits compare by their first 40) and its digits
 * without leading zeros; digits sort before letters, as in file managers. Names that differ
 * only in case or leading zeros get the same key: the sort breaks the tie by the name itself.
 * SQLite calls this as `natural_key(name)`, and the browse index holds it.
 */
const MAX_RUN = 40;

export function naturalKey(name: string): string {
  return name.toLowerCase().replace(/\d+/g, (run) => {
    const digits = run.replace(/^0+(?=\d)/, '').slice(0, MAX_RUN);
    return String.fromCharCode(0x30 + digits.length) + digits;
  });
}
