// Turns callgrind's instruction counting on and off around the code a benchmark measures.
// Without valgrind's headers, or outside valgrind, the calls do nothing.
#ifndef CMT_CALLGRIND_CONTROL_H
#define CMT_CALLGRIND_CONTROL_H

/// Starts instrumenting and collecting (callgrind run with --instr-atstart=no --collect-atstart=no).
void cmt_callgrind_start(void);
/// Stops collecting and instrumenting.
void cmt_callgrind_stop(void);
/// 1 when these calls reach callgrind (valgrind's headers were there at build time and the
/// program runs under valgrind), 0 otherwise.
int cmt_callgrind_available(void);

#endif
