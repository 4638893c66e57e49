/// A sink that passes each piece through the ``SecretRedactor`` on its way to another.
///
/// A piece is redacted whole, so a writer keeps each value that could hold a secret within one piece (a
/// conversation item, a turn); no key or token spans two of them.
struct RedactingSink<Base: TextSink>: TextSink {
    var base: Base
    let redactor: SecretRedactor

    mutating func write(_ text: String) throws(Base.Failure) {
        try base.write(redactor.redact(text))
    }
}
