/* Wine 8 (Debian bookworm) has no bcryptprimitives.dll, whose ProcessPrng the Rust standard
 * library calls on Windows 10 and later (where the DLL always exists). For running the
 * Windows build under Debian's Wine in CI only, this stand-in answers ProcessPrng from
 * RtlGenRandom (advapi32 SystemFunction036). It is never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG n = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, n)) {
            return FALSE;
        }
        data += n;
        length -= n;
    }
    return TRUE;
}
