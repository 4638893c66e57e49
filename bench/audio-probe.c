// Timestamps two moments of rtconsole's audio path for `rtbench audio-path` (figure 5), loaded with
// LD_PRELOAD into the measuring process only:
//   - every write()/writev() that carries a masked WebSocket text frame holding an
//     input_audio_buffer.append whose event_id is "rtc_N": (N, time the call returned)
//   - every pa_stream_write() whose samples hold a marker (MARK0, MARK1, k): (k, time the call returned),
//     and (k, time it was called)
// Times are CLOCK_MONOTONIC nanoseconds. rtbench reads the records with rtbench_probe_read().
// Build: cc -O2 -shared -fPIC -o audio-probe.so bench/audio-probe.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>

#define CAPACITY 65536
#define MARK0 31420
#define MARK1 (-21554)

struct record { int64_t key; int64_t nanoseconds; };
static struct record records[3][CAPACITY];
static atomic_long counts[3];

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void add(int kind, int64_t key, int64_t ns) {
    long i = atomic_fetch_add(&counts[kind], 1);
    if (i < CAPACITY) { records[kind][i].key = key; records[kind][i].nanoseconds = ns; }
}

// Copies up to `max` records of a kind (0: socket appends, 1: PulseAudio markers written, 2: PulseAudio
// markers handed to pa_stream_write); returns how many.
long rtbench_probe_read(int kind, int64_t *out, long max) {
    long n = atomic_load(&counts[kind]);
    if (n > CAPACITY) n = CAPACITY;
    if (n > max) n = max;
    for (long i = 0; i < n; i++) { out[2 * i] = records[kind][i].key; out[2 * i + 1] = records[kind][i].nanoseconds; }
    return n;
}

static const char prefix[] = "{\"type\":\"input_audio_buffer.append\",\"event_id\":\"rtc_";

// Walks the WebSocket frames at the start of a write and records each append's event number.
static void scan_frames(const unsigned char *data, size_t size, int64_t ns) {
    size_t offset = 0;
    while (offset + 2 <= size) {
        unsigned char b0 = data[offset], b1 = data[offset + 1];
        if ((b0 & 0x80) == 0 || (b1 & 0x80) == 0) return;  // not a final, masked (client) frame
        uint64_t length = b1 & 0x7f;
        size_t header = 2;
        if (length == 126) {
            if (offset + 4 > size) return;
            length = ((uint64_t)data[offset + 2] << 8) | data[offset + 3];
            header = 4;
        } else if (length == 127) {
            if (offset + 10 > size) return;
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | data[offset + 2 + i];
            header = 10;
        }
        if (offset + header + 4 > size) return;
        const unsigned char *mask = data + offset + header;
        const unsigned char *payload = mask + 4;
        size_t available = size - (offset + header + 4);
        if ((b0 & 0x0f) == 1) {
            char text[96];
            size_t n = length < sizeof text - 1 ? length : sizeof text - 1;
            if (n > available) n = available;
            for (size_t i = 0; i < n; i++) text[i] = (char)(payload[i] ^ mask[i % 4]);
            text[n] = 0;
            if (n > sizeof prefix - 1 && memcmp(text, prefix, sizeof prefix - 1) == 0) {
                int64_t number = 0;
                for (size_t i = sizeof prefix - 1; i < n && text[i] >= '0' && text[i] <= '9'; i++) number = number * 10 + (text[i] - '0');
                add(0, number, ns);
            }
        }
        offset += header + 4 + length;
    }
}

ssize_t write(int fd, const void *buffer, size_t count) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    ssize_t result = real(fd, buffer, count);
    if (result > 0 && count >= 2 && ((const unsigned char *)buffer)[0] == 0x81) scan_frames(buffer, (size_t)result, now_ns());
    return result;
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    static ssize_t (*real)(int, const struct iovec *, int);
    if (!real) real = (ssize_t (*)(int, const struct iovec *, int))dlsym(RTLD_NEXT, "writev");
    ssize_t result = real(fd, iov, iovcnt);
    if (result > 0 && iovcnt > 0 && iov[0].iov_len > 0 && ((const unsigned char *)iov[0].iov_base)[0] == 0x81) {
        int64_t ns = now_ns();
        static __thread unsigned char gathered[1 << 18];
        size_t size = 0;
        for (int i = 0; i < iovcnt && size < sizeof gathered && size < (size_t)result; i++) {
            size_t n = iov[i].iov_len;
            if (n > sizeof gathered - size) n = sizeof gathered - size;
            memcpy(gathered + size, iov[i].iov_base, n);
            size += n;
        }
        if (size > (size_t)result) size = (size_t)result;
        scan_frames(gathered, size, ns);
    }
    return result;
}

typedef int (*stream_write_fn)(void *, const void *, size_t, void (*)(void *), int64_t, int);

int pa_stream_write(void *stream, const void *data, size_t bytes, void (*free_cb)(void *), int64_t offset, int seek) {
    static stream_write_fn real;
    if (!real) real = (stream_write_fn)dlsym(RTLD_NEXT, "pa_stream_write");
    int64_t called = now_ns();
    int result = real(stream, data, bytes, free_cb, offset, seek);
    int64_t returned = now_ns();
    const int16_t *samples = data;
    size_t count = bytes / 2;
    for (size_t i = 0; i + 2 < count; i++) {
        if (samples[i] == MARK0 && samples[i + 1] == MARK1) {
            add(1, samples[i + 2], returned);
            add(2, samples[i + 2], called);
        }
    }
    return result;
}
