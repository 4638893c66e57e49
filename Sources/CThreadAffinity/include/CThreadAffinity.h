#ifndef RTBENCH_CTHREADAFFINITY_H
#define RTBENCH_CTHREADAFFINITY_H

// Where a thread runs: sched_setaffinity, the CPU_SET macros and sched_getcpu are GNU extensions that
// Swift's Glibc module does not import. Used by rtbench only (see Package.swift). This header includes no
// system header, so that the C types Swift code uses keep coming from Glibc.

// Keeps the calling thread on `cpu`; returns 0, or -1 with errno set.
int rt_pin_current_thread(int cpu);

// The CPU the calling thread is running on.
int rt_current_cpu(void);

#endif
