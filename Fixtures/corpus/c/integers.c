/*
 * integers.c — every integer kind: char signed and unsigned (as numbers and
 * characters), short, long long, unsigned extremes, bool, plain enums, a
 * flag-set enum, an enum with a negative value, bit fields (signed,
 * unsigned, one bit), and <stdint.h> typedefs.
 *
 * session:
 *   break integers.c:65
 *   run
 *   locals
 *   print c
 *   print uc
 *   print sc
 *   print s
 *   print ull
 *   print ll
 *   print flag
 *   print color
 *   print mode
 *   print perms
 *   print (enum perm)9
 *   print (enum color)7
 *   print bits
 *   print bits.sign
 *   print i8
 *   print u16
 *   print c + 1
 *   print uc * 2
 *   print -ll / 3
 *   print 7 % 3
 *   print 1u << 31
 *   print/x u16
 *   continue
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum color { RED, GREEN = 5, BLUE };
enum mode { MODE_DOWN = -1, MODE_OFF = 0, MODE_UP = 1 };
enum perm { PERM_READ = 1, PERM_WRITE = 2, PERM_EXEC = 4 };

struct bits {
    unsigned int on : 1;
    unsigned int level : 3;
    signed int sign : 4;
    unsigned int wide : 20;
};

int main(void)
{
    char c = 'A';
    unsigned char uc = 200;
    signed char sc = -5;
    short s = -32768;
    unsigned long long ull = 18446744073709551615ULL;
    long long ll = -9223372036854775807LL;
    bool flag = true;
    enum color color = BLUE;
    enum mode mode = MODE_DOWN;
    enum perm perms = PERM_READ | PERM_EXEC;
    struct bits bits = {1, 6, -3, 999999};
    int8_t i8 = -128;
    uint16_t u16 = 65535;
    printf("%c %d %d %d %llu %lld %d %d %d %d %d %d\n", c, uc, sc, s, ull, ll, flag, color, mode, perms, bits.sign, i8 + u16);
    return 0;
}
