import Foundation

/// A short, plain reason for a failed file operation ("no such file", "permission denied", "no space left on
/// the device"), from the POSIX error underneath Foundation's error, instead of Foundation's generic
/// "The operation could not be completed".
public enum FileErrorReason {
    /// The reason a file operation failed with `error`.
    public static func of(_ error: any Error) -> String {
        let error = error as NSError
        if let code = posixCode(error) { return of(errno: code) }
        switch error.code {
        case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return "no such file"
        case CocoaError.fileReadNoPermission.rawValue, CocoaError.fileWriteNoPermission.rawValue: return "permission denied"
        case CocoaError.fileWriteOutOfSpace.rawValue: return "no space left on the device"
        case CocoaError.fileReadInapplicableStringEncoding.rawValue: return "not UTF-8 text"
        case CocoaError.fileWriteUnknown.rawValue: return "it cannot be created there"
        default: return error.localizedFailureReason ?? "the file system refused it (error \(error.code))"
        }
    }

    /// The reason a system call failed with the error number `code` ("permission denied").
    public static func of(errno code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    private static func posixCode(_ error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain else { return nil }
        return Int32(underlying.code)
    }
}
