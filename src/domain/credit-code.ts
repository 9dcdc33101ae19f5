/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, Z, S, V), an administrative division code at
 * positions 3–8 and a check character at position 18.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    const value = ALPHABET.indexOf(first17[index]);
    if (value < 0) return null;
    sum += value * WEIGHTS[index];
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}
