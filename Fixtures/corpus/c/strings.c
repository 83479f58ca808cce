/*
 * strings.c — C strings: escapes (newline, tab, quote, backslash), bytes
 * above 127 and UTF-8, an empty string, a NULL `char *`, a string longer
 * than a line, `char *` into the middle of another, and characters.
 *
 * session:
 *   break strings.c:39
 *   run
 *   print plain
 *   print escapes
 *   print utf8
 *   print latin1
 *   print empty
 *   print none
 *   print long_text
 *   print tail
 *   print *tail
 *   print tail[1]
 *   print quote
 *   print newline
 *   print plain[0] == 'h'
 *   locals
 *   continue
 */
#include <stdio.h>

int main(void)
{
    const char *plain = "hello";
    const char *escapes = "tab\there \"quoted\" back\\slash\nnext";
    const char *utf8 = "caf\xc3\xa9 \xe2\x82\xac";
    const char *latin1 = "caf\xe9";
    const char *empty = "";
    const char *none = NULL;
    const char *long_text = "The quick brown fox jumps over the lazy dog, again and again, until the line is long.";
    const char *tail = plain + 3;
    char quote = '\'';
    char newline = '\n';
    printf("%s %s %s %s %s %p %s %s %c %c\n", plain, escapes, utf8, latin1, empty, (void *)none, long_text, tail, quote, newline);
    return 0;
}
