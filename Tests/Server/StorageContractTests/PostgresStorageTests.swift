import Foundation
import Logging
import SCRAM
import SCRAMCrypto
import ServerCore
@testable import ServerPostgres
import ServerStorageEngine
import TerminalHarness
import Testing

/// What only the PostgreSQL engine has: URLs, a database server that is down, refuses the
/// login or goes away mid-run, several servers migrating one database at once, a database
/// that lost its secret.
@Suite struct PostgresStorageTests {
    @Test func urlsAreReadOrRefusedWithAReason() throws {
        let u = try PostgresURL("postgres://aoi:s%40cret@db.example:6543/tachikoma")
        #expect(u.user == "aoi" && u.password == "s@cret" && u.host == "db.example" && u.port == 6543 && u.database == "tachikoma")
        #expect(u.description == "postgres://aoi@db.example:6543/tachikoma", "no password in logs")
        let v6 = try PostgresURL("postgresql://aoi@[::1]/chat", environment: ["PGPASSWORD": "from-env"])
        #expect(v6.host == "::1" && v6.port == 5432 && v6.password == "from-env")
        let socket = try PostgresURL("postgres://aoi@/chat?host=/run/postgresql")
        #expect(socket.socketPath == "/run/postgresql/.s.PGSQL.5432")
        for (bad, why) in [
            ("postgres://db.example/chat", "no user"), ("postgres://aoi@db.example", "no database"),
            ("postgres://aoi@db.example/", "no database"), ("postgres://aoi@/chat", "no host"),
            ("postgres://aoi@h/chat?sslmode=prefer", "sslmode must be"), ("postgres://aoi@h/chat?bogus=1", "unknown parameter"),
            ("postgres://aoi@/chat?host=/run/postgresql&sslmode=require", "TLS is for TCP"),
            ("postgres://aoi@h/chat?sslmode=verify-full&sslrootcert=ca.pem", "absolute path"),
            ("postgres://aoi@h/chat?sslmode=require&sslrootcert=/ca.pem", "verify-ca or verify-full only"),
            ("postgres://aoi@h:99999/chat", "URL"), ("mysql://aoi@h/chat", "only postgres://"),
            ("postgres://aoi:hunter2@h/chat?sslmode=verify", "sslmode must be"),
        ] {
            #expect {
                try PostgresURL(bad, environment: [:])
            } throws: { error in
                let text = "\(error)"
                return text.contains(why) && text.hasPrefix("bad database URL") && !text.contains("hunter2")
            }
        }
        let tls = try PostgresURL("postgres://aoi@db.example/chat?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(tls.tls == .verifyFull && tls.rootCertificate == "/etc/ca.pem")
        #expect(tls.description == "postgres://aoi@db.example:5432/chat?sslmode=verify-full", "the log says TLS is on")
        #expect(try PostgresURL("postgres://aoi@db.example/chat").tls == .disable)
        #expect(PostgresURL.looksLikeURL("postgres://x@y/z") && PostgresURL.looksLikeURL("postgres:x"))
        #expect(!PostgresURL.looksLikeURL("/var/lib/tachikoma/server.sqlite") && !PostgresURL.looksLikeURL("dir:with:colons/db"))
    }

    /// TLS to the database, libpq's sslmode: verify-full checks the chain and the name and
    /// the session really is encrypted (pg_stat_ssl); a certificate from another authority is
    /// refused with a clear error, not used; require encrypts without checking.
    @Test func tlsToTheDatabaseIsVerifiedAsAsked() throws {
        let cluster = try PostgresCluster.running()
        let (name, plain) = try cluster.makeDatabase()
        let verified = try PostgresStorage(url: PostgresURL(plain + "?sslmode=verify-full&sslrootcert=" + cluster.certificate))
        defer { verified.close() }
        #expect(try verified.schemaVersions().contains(1))
        let encrypted = try cluster.psql(name, """
            SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
            WHERE a.datname = '\(name)' AND a.pid <> pg_backend_pid() AND s.ssl
            """)
        #expect((Int(encrypted) ?? 0) >= 1, "the storage's sessions use TLS: \(encrypted)")

        let other = NSTemporaryDirectory() + "tk-other-ca-\(UUID().uuidString)"
        try PostgresCluster.makeCertificate(other, name: "someone else")
        defer {
            unlink(other + ".crt")
            unlink(other + ".key")
        }
        #expect {
            try PostgresStorage(url: PostgresURL(plain + "?sslmode=verify-full&sslrootcert=" + other + ".crt"))
        } throws: { error in
            "\(error)".contains("cannot connect") || "\(error)".lowercased().contains("certificate")
        }
        let unverified = try PostgresStorage(url: PostgresURL(plain + "?sslmode=require"))
        defer { unverified.close() }
        #expect(try unverified.schemaVersions().contains(1))
    }

    @Test func aDatabaseServerThatIsDownIsAClearError() throws {
        let port = try Loopback.freePort()
        let started = Date()
        #expect {
            try PostgresStorage(url: PostgresURL("postgres://tachikoma@127.0.0.1:\(port)/nothing"))
        } throws: { error in
            "\(error)".hasPrefix("cannot connect to postgres://tachikoma@127.0.0.1:\(port)/nothing")
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func anUnknownRoleOrDatabaseIsAClearError() throws {
        let cluster = try PostgresCluster.running()
        #expect {
            try PostgresStorage(url: PostgresURL("postgres://nobody@127.0.0.1:\(cluster.port)/postgres"))
        } throws: { error in
            "\(error)".contains("nobody") && "\(error)".contains("does not exist")
        }
        #expect {
            try PostgresStorage(url: PostgresURL("postgres://tachikoma@127.0.0.1:\(cluster.port)/no_such_db"))
        } throws: { error in
            "\(error)".contains("no_such_db") && "\(error)".contains("does not exist")
        }
    }

    @Test func aLostConnectionFailsCallsThenHeals() throws {
        let cluster = try PostgresCluster.running()
        let (name, url) = try cluster.makeDatabase()
        let storage = try PostgresStorage(url: PostgresURL(url), hasher: Engine.hasher)
        defer { storage.close() }
        #expect(try storage.addAccount("Aoi", password: "laughing-man"))
        try cluster.terminateConnections(name)
        // The cut connections are dropped; within a few calls the storage answers again,
        // and no call crashes on the way.
        var healed = false
        for _ in 0..<20 where !healed {
            healed = (try? storage.accountNames()) == ["aoi"]
            if !healed { usleep(50_000) }
        }
        #expect(healed)
        // The database gone for good: every call fails with the server's reason.
        try cluster.psql("postgres", "DROP DATABASE \(name) WITH (FORCE)")
        for _ in 0..<3 {
            #expect {
                try storage.perform(.readMarker(account: "aoi", target: "#chan"))
            } throws: { error in
                let text = PostgresStorageError.explain(error)
                return text.contains(name) || text.contains("closed") || text.contains("connection")
            }
        }
    }

    @Test func serversMigratingOneDatabaseAtOnceApplyEachVersionOnce() async throws {
        let (_, url) = try PostgresCluster.running().makeDatabase()
        let parsed = try PostgresURL(url)
        let salts = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let s = try PostgresStorage(url: parsed, hasher: Engine.hasher)
                    defer { s.close() }
                    #expect(try s.schemaVersions() == [1, 2, 3, 4, 5, 6])
                    return s.decoyKeys("nobody").salt
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(salts.count == 4 && Set(salts).count == 1, "one secret for every server")
    }

    @Test func aDatabaseThatLostItsSecretIsRefused() throws {
        let cluster = try PostgresCluster.running()
        let (name, url) = try cluster.makeDatabase()
        try PostgresStorage(url: PostgresURL(url), hasher: Engine.hasher).close()
        try cluster.psql(name, "DELETE FROM server_secret")
        #expect {
            try PostgresStorage(url: PostgresURL(url), hasher: Engine.hasher)
        } throws: { error in
            "\(error)".contains("server_secret row 'scram-decoy' is missing")
        }
    }
}
