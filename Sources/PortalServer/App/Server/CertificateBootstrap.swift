#if canImport(Glibc)
    import Glibc
#endif

/// Finds the certificate to serve: the configured pair, else a self-signed one under `<data-dir>/tls/`,
/// generated on first run (key mode 0600) and reused afterwards.
enum CertificateBootstrap {
    /// The outcome: paths to serve and whether the pair was generated just now.
    struct Result: Sendable {
        let certificatePath: String
        let privateKeyPath: String
        let generated: Bool
        let info: TLSCertificateInfo
    }

    /// A failure preparing the certificate.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Resolves the pair for `configuration`, generating one when none is configured or stored.
    static func prepare(_ configuration: ServerConfiguration) throws -> Result {
        if let certificate = configuration.certificatePath, let key = configuration.privateKeyPath {
            return Result(
                certificatePath: certificate, privateKeyPath: key, generated: false,
                info: try TLSCertificateInfo.load(path: certificate))
        }
        let folder = configuration.dataDirectory + "/tls"
        let certificate = folder + "/self-signed.crt"
        let key = folder + "/self-signed.key"
        if access(certificate, R_OK) == 0 && access(key, R_OK) == 0 {
            return Result(
                certificatePath: certificate, privateKeyPath: key, generated: false,
                info: try TLSCertificateInfo.load(path: certificate))
        }
        try makeDirectory(configuration.dataDirectory, mode: 0o750)
        try makeDirectory(folder, mode: 0o700)
        let generated = try TLSSelfSignedCertificate.generate()
        try writeFile(key, generated.privateKeyPEM, mode: 0o600)
        try writeFile(certificate, generated.certificatePEM, mode: 0o644)
        return Result(certificatePath: certificate, privateKeyPath: key, generated: true, info: generated.info)
    }

    private static func makeDirectory(_ path: String, mode: mode_t) throws {
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `text` to a new file created with `mode` (so a key is never readable by others, even briefly).
    private static func writeFile(_ path: String, _ text: String, mode: mode_t) throws {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        _ = close(fd)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
