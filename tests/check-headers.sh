#!/bin/sh
# Each public header compiles alone, as C99 and as C++11, with every
# warning an error: it includes what it needs and nothing C++ rejects.
set -eu
root="$1"
status=0
count=0
for h in "$root"/include/ssr.h "$root"/include/ssr/*.h; do
    name=${h#"$root"/include/}
    for lang in "c -std=c99" "c++ -std=c++11"; do
        set -- $lang
        compiler=cc
        [ "$1" = "c++" ] && compiler=c++
        if ! printf '#include "%s"\nint main(void) { return 0; }\n' "$name" |
            "$compiler" -x "$1" "$2" -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I "$root/include" - 2>/tmp/header-$$.log; then
            echo "$name does not compile alone as $2:"
            cat /tmp/header-$$.log
            status=1
        fi
        count=$((count + 1))
    done
done
rm -f /tmp/header-$$.log
[ "$status" -eq 0 ] && echo "$count compilations: every public header alone, as C99 and as C++11"
exit "$status"
