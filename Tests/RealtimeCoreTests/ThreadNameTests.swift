import Foundation
import RealtimeCore
import Testing

@Suite("Thread names")
struct ThreadNameTests {
    @Test("a name is cut to the kernel's 15 bytes at a whole character")
    func cutsToFifteenBytes() {
        #expect(ThreadName.kernelName("rtconsole.ui") == "rtconsole.ui")
        #expect(ThreadName.kernelName("audio.capture.and.more") == "audio.capture.a")
        // "é" is two bytes: after 14 one-byte letters only one is left, so it is left out whole.
        #expect(ThreadName.kernelName("abcdefghijklmné") == "abcdefghijklmn")
        #expect(ThreadName.kernelName("abcdefghijklmé") == "abcdefghijklmé")
        #expect(ThreadName.kernelName("") == "")
    }

    @Test("a thread started with Foundation carries the name it gives itself")
    func namesTheCallingThread() async {
        let name = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            Thread {
                ThreadName.setCurrent("test.thread.name.long")
                let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                continuation.resume(returning: comm.trimmingCharacters(in: .newlines))
            }
            .start()
        }
        #expect(name == "test.thread.nam")
    }
}
