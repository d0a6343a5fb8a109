/// The python-zeroconf (PyPI `zeroconf`) programs the interop tests run in host B. Each
/// writes its lines to the file named by its first argument, flushing each line.
enum ZeroconfScripts {
    /// Browses `_irc._tcp` and `_ircs-u._tcp` on the given interface address until killed:
    /// `FOUND <json>` per resolved service, `REMOVED <type> <name>` per goodbye.
    static let browse = #"""
        import sys, json, time
        from zeroconf import Zeroconf, ServiceBrowser, ServiceListener, IPVersion
        out = open(sys.argv[1], "a", buffering=1)
        class Listener(ServiceListener):
            def add_service(self, zc, type_, name):
                info = zc.get_service_info(type_, name, timeout=5000)
                if info is None:
                    out.write("UNRESOLVED %s %s\n" % (type_, name)); return
                props = {k.decode(): (v.decode() if v is not None else None) for k, v in info.properties.items()}
                out.write("FOUND " + json.dumps({"type": type_, "name": name, "addresses": info.parsed_addresses(),
                                                 "port": info.port, "server": info.server, "txt": props}) + "\n")
            def remove_service(self, zc, type_, name):
                out.write("REMOVED %s %s\n" % (type_, name))
            def update_service(self, zc, type_, name):
                pass
        zc = Zeroconf(interfaces=[sys.argv[2]], ip_version=IPVersion.V4Only)
        ServiceBrowser(zc, ["_irc._tcp.local.", "_ircs-u._tcp.local."], Listener())
        out.write("BROWSING\n")
        while True:
            time.sleep(1)
        """#

    /// Publishes "Zeroconf Peer" as `_irc._tcp` port 7000 and `_ircs-u._tcp` port 7001 on
    /// the given address until killed; writes `REGISTERED` once both are announced.
    static let publish = #"""
        import sys, socket, time
        from zeroconf import Zeroconf, ServiceInfo, IPVersion
        out = open(sys.argv[1], "a", buffering=1)
        address = sys.argv[2]
        zc = Zeroconf(interfaces=[address], ip_version=IPVersion.V4Only)
        for type_, port, props in [("_irc._tcp.local.", 7000, {"network": "PyNet"}),
                                   ("_ircs-u._tcp.local.", 7001, {"network": "PyNet", "accounts": "open"})]:
            zc.register_service(ServiceInfo(type_, "Zeroconf Peer." + type_, addresses=[socket.inet_aton(address)],
                                            port=port, properties=props, server="zc-peer.local."))
        out.write("REGISTERED\n")
        while True:
            time.sleep(1)
        """#

    /// Sends hostile packets to 224.0.0.251:5353 from the given address: truncated,
    /// compression loops, bad label types, huge counts, oversized, random bytes.
    static let hostile = #"""
        import sys, socket, struct, random
        out = open(sys.argv[1], "a", buffering=1)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(sys.argv[2]))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
        q = b"\x04_irc\x04_tcp\x05local\x00\x00\x0c\x00\x01"
        packets = [
            b"\x00\x00\x00\x00\x00\x01",                                          # truncated header
            b"\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00" + q[:9],            # truncated name
            b"\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\xc0\x0c\x00\x0c\x00\x01",  # pointer to itself
            b"\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x01a\xc0\x12\x00\x0c\x00\x01\x01b\xc0\x0c\x00\x0c\x00\x01",
            b"\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x41" + q,          # label type 0x40
            b"\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff" + q,                # counts beyond the packet
            b"\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00" + q + b"\x00" * 8900,  # trailing bytes, near the limit
        ]
        rng = random.Random(18)
        for _ in range(200):
            packets.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))))
        for p in packets:
            s.sendto(p, ("224.0.0.251", 5353))
        out.write("SENT %d\n" % len(packets))
        """#
}
