/// Recognises a server that speaks the other dialect of the Realtime protocol, so the call stops with
/// the flag that fixes it instead of going on with settings the server never applied.
///
/// Two signs, both from the first exchange: the shape of `session.created` (a GA session always
/// carries `type`, a beta session is flat: `modalities`, `input_audio_format`, …), and the server's
/// answer to the first `session.update` (a beta server does not know `session.type`; a GA server
/// requires it).
public enum DialectMismatch {
    /// Members that only a beta session object has.
    static let betaMembers: Set<String> = [
        "modalities", "input_audio_format", "output_audio_format", "input_audio_transcription",
        "input_audio_noise_reduction", "max_response_output_tokens", "temperature", "turn_detection", "voice",
    ]
    /// Members that only a GA session object has.
    static let gaMembers: Set<String> = ["type", "audio", "output_modalities", "max_output_tokens"]

    /// The dialect the server speaks, when `session` (read in `dialect`) shows it is the other one.
    ///
    /// - Parameters:
    ///   - session: the session of `session.created`, decoded in the client's dialect (members of the
    ///     other dialect are in its `unknownParameters`).
    ///   - dialect: the client's dialect.
    public static func serverDialect(created session: SessionObject, clientDialect dialect: Dialect) -> Dialect? {
        let unknown = Set(session.unknownParameters.keys)
        switch dialect {
        case .ga:
            return session.type == nil && !unknown.isDisjoint(with: betaMembers) ? .beta : nil
        case .beta:
            return unknown.isDisjoint(with: gaMembers) ? nil : .ga
        }
    }

    /// The dialect the server speaks, when its refusal of a `session.update` shows it is the other one.
    public static func serverDialect(refusal error: ErrorDetail, clientDialect dialect: Dialect) -> Dialect? {
        guard error.param == "session.type" else { return nil }
        switch (dialect, error.code) {
        case (.ga, "unknown_parameter"): return .beta
        case (.beta, "missing_required_parameter"): return .ga
        default: return nil
        }
    }

    /// The one line that says what is wrong and which flag fixes it.
    public static func message(serverDialect: Dialect) -> String {
        switch serverDialect {
        case .beta:
            "the server speaks the beta dialect of the Realtime protocol (it does not know session.type): run again with --dialect beta"
        case .ga:
            "the server speaks the GA dialect of the Realtime protocol (it requires session.type): run again without --dialect beta"
        }
    }
}
