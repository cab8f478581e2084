package dev.gatehouse.protocol;

/**
 * Strict UTF-8 as RFC 3629 defines it: no overlong forms, no surrogate code points, nothing past U+10FFFF. The
 * JSON parser alone accepts some overlong forms (C0 AF decodes to '/'), and one byte sequence must not mean two
 * things to two readers.
 */
final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte that does not belong to a valid sequence, or -1 when all is valid. */
    static int firstInvalid(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int lead = bytes[i] & 0xff;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int size;
            int min = 0x80;
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                size = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                size = 3;
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                size = 4;
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
            if (i + size > end) {
                return i;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) {
                return i;
            }
            for (int k = 2; k < size; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += size;
        }
        return -1;
    }
}
