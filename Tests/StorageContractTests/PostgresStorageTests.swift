import Foundation
import Logging
import SCRAM
import SCRAMCrypto
import ServerCore
@testable import ServerPostgres
import TerminalHarness
import Testing

/// What only the PostgreSQL engine has: URLs, a database server that is down, refuses the
/// login or goes away mid-run, several servers migrating one database at once, and an
/// older schema upgraded in place.
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
            ("postgres://aoi@h/chat?sslmode=require", "TLS"), ("postgres://aoi@h/chat?bogus=1", "unknown parameter"),
            ("postgres://aoi@h:99999/chat", "URL"), ("mysql://aoi@h/chat", "only postgres://"),
            ("postgres://aoi:hunter2@h/chat?sslmode=verify-full", "TLS"),
        ] {
            #expect {
                try PostgresURL(bad, environment: [:])
            } throws: { error in
                let text = "\(error)"
                return text.contains(why) && text.hasPrefix("bad database URL") && !text.contains("hunter2")
            }
        }
        #expect(PostgresURL.looksLikeURL("postgres://x@y/z") && PostgresURL.looksLikeURL("postgres:x"))
        #expect(!PostgresURL.looksLikeURL("/var/lib/tachikoma/server.sqlite") && !PostgresURL.looksLikeURL("dir:with:colons/db"))
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
                    #expect(try s.schemaVersions() == [1, 2, 3, 4])
                    return s.decoyKeys("nobody").salt
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(salts.count == 4 && Set(salts).count == 1, "one secret for every server")
    }

    /// The PostgreSQL twin of ScramMigrationTests: a version-1 database (as an older server
    /// left it) keeps PLAIN, and gains SCRAM keys at the next PLAIN login.
    @Test func aVersionOneDatabaseGainsScramAtTheNextPlainLogin() throws {
        let cluster = try PostgresCluster.running()
        let (name, url) = try cluster.makeDatabase()
        let parsed = try PostgresURL(url)
        let connections = PostgresConnections(url: parsed, logger: Logger(label: "test"))
        try PostgresStorage.migrate(connections, upTo: 1)
        connections.close()
        let hash = try Engine.hasher.hash("laughing-man")
        try cluster.psql(name, "INSERT INTO account (folded, name, password_hash, created_at) VALUES ('aoi', 'Aoi', '\(hash)', 0)")
        #expect(try cluster.psql(name, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'scram_salt'") == "0")

        let storage = try PostgresStorage(url: parsed, hasher: Engine.hasher)
        defer { storage.close() }
        #expect(try storage.schemaVersions() == [1, 2, 3, 4])
        #expect(try storage.accountNames() == ["aoi"])
        guard case .scramChallenge(let salt, _, _) = try storage.perform(.scramChallenge(account: "aoi")) else {
            Issue.record("no challenge")
            return
        }
        #expect(salt == storage.decoyKeys("aoi").salt)
        #expect(try StorageContractTests().scram(storage, "aoi", "laughing-man").0 == .refused(reason: "password"))
        #expect(try storage.perform(.login(account: "aoi", password: "crying-man")) == .refused(reason: "password"))
        #expect(try storage.scramKeys("aoi") == nil)
        #expect(try storage.perform(.login(account: "aoi", password: "laughing-man")) == .loggedIn(account: "Aoi"))
        let keys = try #require(try storage.scramKeys("aoi"))
        #expect(keys.iterations == 4096 && keys.salt.count == 16 && keys.storedKey.count == 32 && keys.serverKey.count == 32)
        let (answer, serverProved) = try StorageContractTests().scram(storage, "aoi", "laughing-man")
        guard case .scramVerified(let account, _) = answer else {
            Issue.record("SCRAM refused after the PLAIN login: \(answer)")
            return
        }
        #expect(account == "Aoi")
        #expect(serverProved)
        // Neither the password nor SaltedPassword is stored anywhere in the row.
        let salted = try ScramKeys.saltedPassword("laughing-man", salt: keys.salt, iterations: keys.iterations)
        // bytea columns print as hex in the row's text form.
        let row = try cluster.psql(name, "SELECT account::text FROM account WHERE folded = 'aoi'")
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(row.contains(hex(keys.storedKey)), "the row's text form shows its keys: \(row)")
        #expect(!row.contains(hex(salted)))
        #expect(!row.contains("laughing-man") && !row.contains(hex(Array("laughing-man".utf8))))
    }
}
