/**
 * The Raspberry Pi firmware's throttling word (`vcgencmd get_throttled`, or the same number in
 * sysfs): bits 0–3 say what holds now, bits 16–19 what has happened since boot.
 *
 * | bit | now                    | bit | since boot |
 * | --- | ---------------------- | --- | ---------- |
 * | 0   | under-voltage          | 16  | under-voltage occurred |
 * | 1   | ARM frequency capped   | 17  | frequency capping occurred |
 * | 2   | throttled              | 18  | throttling occurred |
 * | 3   | soft temperature limit | 19  | soft temperature limit occurred |
 */

export interface ThrottleFlags {
  /** The word as the firmware gives it, `0x50005`. */
  raw: string;
  under_voltage: boolean;
  freq_capped: boolean;
  throttled: boolean;
  soft_temp_limit: boolean;
  under_voltage_occurred: boolean;
  freq_capped_occurred: boolean;
  throttled_occurred: boolean;
  soft_temp_limit_occurred: boolean;
}

/** Reads `throttled=0x50005` (vcgencmd), `0x50005` or `50005` (sysfs, hexadecimal); null if neither. */
export function parseThrottled(text: string): ThrottleFlags | null {
  const m = /^(?:throttled=)?(?:0x)?([0-9a-f]{1,8})$/i.exec(text.trim());
  if (!m) return null;
  const word = parseInt(m[1]!, 16);
  const bit = (n: number) => (word & (1 << n)) !== 0;
  return {
    raw: `0x${word.toString(16)}`,
    under_voltage: bit(0),
    freq_capped: bit(1),
    throttled: bit(2),
    soft_temp_limit: bit(3),
    under_voltage_occurred: bit(16),
    freq_capped_occurred: bit(17),
    throttled_occurred: bit(18),
    soft_temp_limit_occurred: bit(19),
  };
}
