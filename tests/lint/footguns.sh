#!/bin/sh
# No C source of serai calls the functions that invite overflows or silent
# misparsing: unbounded copies and formats, strtok's hidden state, atoi's
# unreported errors.  Use snprintf, memcpy with a checked length, the
# buffers of core/mem.h, and the checked parsers of core/ (parse_id...).
set -eu
root=${1:?usage: footguns.sh SOURCE_ROOT}
banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|strtok|atoi|atol|atoll|atof|gets)[[:space:]]*\('
if grep -rnE "$banned" "$root/src" "$root/tests" --include='*.c' --include='*.h'; then
    echo "footguns.sh: banned function(s) above; see the comment at the top of this script" >&2
    exit 1
fi
echo "no banned functions in $(find "$root/src" "$root/tests" -name '*.[ch]' | wc -l) C files"
