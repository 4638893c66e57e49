#define _GNU_SOURCE
#include <sched.h>

#include "CThreadAffinity.h"

int rt_pin_current_thread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

int rt_current_cpu(void) {
    return sched_getcpu();
}
