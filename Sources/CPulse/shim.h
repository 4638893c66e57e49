#ifndef RTCONSOLE_CPULSE_SHIM_H
#define RTCONSOLE_CPULSE_SHIM_H
#include <pulse/pulseaudio.h>
#include <pulse/error.h>
#endif
