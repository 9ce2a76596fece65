# Compile settings shared by every Ferry target, carried by one INTERFACE target.

option(FERRY_WERROR "Treat compiler warnings as errors (on by default in CI)" "$ENV{CI}")

add_library(ferry_common INTERFACE)
add_library(Ferry::common ALIAS ferry_common)

target_compile_features(ferry_common INTERFACE cxx_std_20)
target_compile_definitions(ferry_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    FERRY_VERSION="${PROJECT_VERSION}")
target_compile_options(ferry_common INTERFACE
    -Wall -Wextra -Wpedantic
    -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast -Wcast-qual
    -Wimplicit-fallthrough -Wformat=2
    $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
    $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>)
if(FERRY_WERROR)
    target_compile_options(ferry_common INTERFACE -Werror)
endif()

# ferry_add_library(NAME [SOURCES ...] [LIBRARIES ...])
# A static library below app/ or ui/, linked to the common settings, with its
# folder's parent on the include path so code says #include "core/logsink.h".
function(ferry_add_library name)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LIBRARIES")
    add_library(${name} STATIC ${arg_SOURCES})
    target_link_libraries(${name} PUBLIC ferry_common ${arg_LIBRARIES})
    get_filename_component(parent "${CMAKE_CURRENT_SOURCE_DIR}" DIRECTORY)
    target_include_directories(${name} PUBLIC "${parent}")
endfunction()

# ferry_add_test(SOURCE LABEL unit|integration|gui|bench [LIBRARIES ...] [TIMEOUT s])
# One test executable per test file, registered with ctest under its label.
# Benchmarks are built and registered with the label "bench", which the test
# command excludes: they print figures and are run on purpose.
function(ferry_add_test source)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "LABEL;TIMEOUT" "LIBRARIES")
    get_filename_component(name "${source}" NAME_WE)
    add_executable(${name} "${source}")
    target_link_libraries(${name} PRIVATE ferry_testsupport ${arg_LIBRARIES})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT arg_TIMEOUT)
        set(arg_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${arg_LABEL}"
        TIMEOUT ${arg_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=ferry.*.debug=true")
endfunction()

# Fuzz targets (libFuzzer): built only in a clang build with -DFERRY_FUZZ=ON (tools/dev fuzz).
option(FERRY_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
if(FERRY_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "FERRY_FUZZ needs clang: configure with CXX=clang++.")
    endif()
    target_compile_options(ferry_common INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    target_link_options(ferry_common INTERFACE -fsanitize=address,undefined)
endif()
