import Foundation
import TerminalHarness
import Testing

/// An independent SCRAM-SHA-256 client, Debian's Authen::SCRAM (libauthen-scram-perl), logs
/// in to our server over real TCP and checks our server signature: our messages follow the
/// RFC as someone else read it, not only as our own client does. (Debian's irssi 1.4 has no
/// SCRAM.)
@Suite struct PerlScramInteropTests {
    /// IRC framing around Authen::SCRAM::Client; prints `server verified|unverified` and
    /// `result <numeric>`.
    static let script = #"""
        use strict; use warnings;
        use IO::Socket::INET; use MIME::Base64 qw(encode_base64 decode_base64);
        use Authen::SCRAM::Client;
        my ($port, $user, $pass) = @ARGV;
        my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port") or die "connect: $!";
        $s->autoflush(1);
        sub send_line { print $s "$_[0]\r\n"; }
        sub next_event {
            while (defined(my $l = <$s>)) {
                $l =~ s/\r?\n\z//;
                return ("NUM", $1) if $l =~ /^:\S+ (90[0-8]) /;
                return ("AUTH", $1) if $l =~ /^(?::\S+ )?AUTHENTICATE (\S+)/;
                return ("ACK", "") if $l =~ /^:\S+ CAP \S+ ACK /;
            }
            die "connection closed\n";
        }
        sub send_sasl {
            my $b = encode_base64($_[0], "");
            send_line("AUTHENTICATE " . substr($b, 0, 400, "")) while length($b) >= 400;
            send_line("AUTHENTICATE " . (length($b) ? $b : "+"));
        }
        sub read_sasl {
            my $b = "";
            while (1) {
                my ($k, $v) = next_event();
                next if $k eq "ACK";
                if ($k eq "NUM") { print "result $v\n"; exit 0; }
                $b .= $v unless $v eq "+";
                last if length($v) < 400;
            }
            return decode_base64($b);
        }
        send_line("CAP LS 302"); send_line("CAP REQ sasl");
        while (1) { my ($k) = next_event(); last if $k eq "ACK"; }
        send_line("AUTHENTICATE SCRAM-SHA-256");
        read_sasl();
        my $c = Authen::SCRAM::Client->new(username => $user, password => $pass, digest => 'SHA-256');
        send_sasl($c->first_msg());
        send_sasl($c->final_msg(read_sasl()));
        my $final = read_sasl();
        print "server ", (eval { $c->validate($final); 1 } ? "verified" : "unverified"), "\n";
        send_line("AUTHENTICATE +");
        while (1) {
            my ($k, $v) = next_event();
            if ($k eq "NUM" && ($v eq "903" || $v eq "904")) { print "result $v\n"; last; }
        }
        send_line("QUIT");
        """#

    @Test func authenScramLogsInAndVerifiesOurSignature() async throws {
        try await withDatabaseServer(accounts: [("Saito", "sniper-eye")]) { db in
            let file = db.folder.appendingPathComponent("scram-client.pl")
            try Self.script.write(to: file, atomically: true, encoding: .utf8)
            func run(_ user: String, _ password: String) throws -> String {
                let r = try Spawn.run(["/usr/bin/perl", file.path, String(db.port), user, password])
                return r.stdout + r.stderr
            }
            let good = try run("Saito", "sniper-eye")
            #expect(good == "server verified\nresult 903\n")
            #expect(try run("Saito", "sniper-ear") == "result 904\n")
            #expect(try run("Nobody", "sniper-eye") == "result 904\n")
        }
    }
}
