# embed_text.cmake -- turn one file into a NUL-terminated C array,
#   const char SYMBOL[] = {0x.., ..., 0x00};
# so the program carries the file inside it and never reads it at run time.
# Run as: cmake -DIN=<file> -DOUT=<file.c> -DSYMBOL=<name> -P embed_text.cmake
if(NOT IN OR NOT OUT OR NOT SYMBOL)
  message(FATAL_ERROR "embed_text.cmake: set IN, OUT and SYMBOL")
endif()
file(READ "${IN}" hex HEX)
# Sixteen bytes (32 hex digits) to a line, so the generated file stays
# readable; CMake's regular expressions have no {n}, hence the dots.
string(REGEX REPLACE "(................................)" "\\1\n    " hex "${hex}")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
get_filename_component(name "${IN}" NAME)
set(body "/* Generated from ${name} by cmake/embed_text.cmake; do not edit. */\n")
string(APPEND body "extern const char ${SYMBOL}[];\n")
string(APPEND body "const char ${SYMBOL}[] = {\n    ${hex}0x00};\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
