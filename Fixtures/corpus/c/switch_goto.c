/*
 * switch_goto.c — switch (with a fall-through and a default), goto to a
 * cleanup label, and early returns: where `next` lands after each jump.
 *
 * session:
 *   break classify
 *   run
 *   next
 *   next
 *   next
 *   next
 *   finish
 *   break parse
 *   continue
 *   next
 *   next
 *   next
 *   next
 *   next
 *   locals
 *   continue
 *   next
 *   next
 *   next
 *   next
 *   continue
 */
#include <stdio.h>

static const char *classify(int code)
{
    const char *kind = "none";
    switch (code) {
    case 1:
        kind = "one";
        break;
    case 2:
    case 3:
        kind = "small";
        /* fall through */
    case 4:
        if (code == 4)
            return "four";
        kind = "few";
        break;
    default:
        kind = "many";
    }
    return kind;
}

static int parse(const char *text, int *out)
{
    int value = 0;
    if (text == NULL)
        return -1;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            goto bad;
        value = value * 10 + (*p - '0');
    }
    *out = value;
    return 0;
bad:
    *out = 0;
    return -2;
}

int main(void)
{
    int value = 0;
    const char *kind = classify(2);
    int ok = parse("42", &value);
    int bad = parse("4x", &value);
    printf("%s %d %d %d\n", kind, ok, bad, value);
    return 0;
}
