package io.vidsift.downloader;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which IP addresses a download may connect to ({@code vidsift.downloader.allowed-download-networks}). Download
 * links come from the API's answer: a hostile or compromised answer (or a redirect) must not turn the downloader
 * into a way to reach the cluster's own services, the node, or a cloud metadata endpoint. So loopback, private,
 * link-local (169.254.169.254 is there), unique-local (fd00::/8), CGNAT, multicast, reserved and unspecified
 * addresses are refused, also when hidden in IPv4-mapped, NAT64 or 6to4 IPv6 forms, unless the operator lists them.
 * <p>
 * Entries are CIDRs ({@code 10.20.0.0/16}, {@code fd12::/16}, a bare address meaning one host) or the words
 * {@code loopback}, {@code private} (RFC 1918, CGNAT and unique-local) and {@code link-local}.
 */
public final class AddressPolicy {

    public static final String SETTING = "vidsift.downloader.allowed-download-networks";

    /** Never reachable by a download unless listed, with the name a refusal gives. */
    private static final List<Network> SPECIAL = List.of(
            net("0.0.0.0/8", "unspecified"), net("10.0.0.0/8", "private"), net("100.64.0.0/10", "private (CGNAT)"),
            net("127.0.0.0/8", "loopback"), net("169.254.0.0/16", "link-local (cloud metadata)"),
            net("172.16.0.0/12", "private"), net("192.0.0.0/24", "reserved"), net("192.0.2.0/24", "reserved"),
            net("192.168.0.0/16", "private"), net("198.18.0.0/15", "reserved"), net("198.51.100.0/24", "reserved"),
            net("203.0.113.0/24", "reserved"), net("224.0.0.0/4", "multicast"), net("240.0.0.0/4", "reserved"),
            net("::/128", "unspecified"), net("::1/128", "loopback"), net("fe80::/10", "link-local"),
            net("fc00::/7", "private (unique-local)"), net("ff00::/8", "multicast"), net("2001:db8::/32", "reserved"),
            net("100::/64", "reserved"));

    private final List<Network> allowed;

    private AddressPolicy(List<Network> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Only public addresses. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(List.of());
    }

    /**
     * The policy from its setting's entries (blank ones ignored).
     *
     * @throws IllegalArgumentException for an entry that is neither a CIDR nor one of the words
     */
    public static AddressPolicy parse(Collection<String> values) {
        List<Network> allowed = new ArrayList<>();
        for (String value : values) {
            for (String raw : value.split(",")) {
                String entry = raw.trim().toLowerCase(Locale.ROOT);
                switch (entry) {
                    case "" -> { }
                    case "loopback" -> allowed.addAll(List.of(net("127.0.0.0/8", entry), net("::1/128", entry)));
                    case "private" -> allowed.addAll(List.of(net("10.0.0.0/8", entry), net("172.16.0.0/12", entry),
                            net("192.168.0.0/16", entry), net("100.64.0.0/10", entry), net("fc00::/7", entry)));
                    case "link-local" -> allowed.addAll(List.of(net("169.254.0.0/16", entry), net("fe80::/10", entry)));
                    default -> allowed.add(cidr(entry));
                }
            }
        }
        return new AddressPolicy(allowed);
    }

    public static AddressPolicy of(String... entries) {
        return parse(List.of(entries));
    }

    /** Why a download must not connect to this address (a recordable sentence), or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        InetAddress effective = embeddedIpv4(address).orElse(address);
        for (Network network : allowed) {
            if (network.contains(effective) || network.contains(address)) {
                return Optional.empty();
            }
        }
        for (Network network : SPECIAL) {
            if (network.contains(effective)) {
                return Optional.of("address " + effective.getHostAddress() + " is " + network.name()
                        + ", not allowed by " + SETTING);
            }
        }
        return Optional.empty();
    }

    public String describe() {
        return allowed.isEmpty() ? "(public addresses only)"
                : allowed.stream().map(Network::toString).distinct().collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "AddressPolicy[" + describe() + "]";
    }

    /** The IPv4 address an IPv6 one carries: IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16). */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty(); // ::ffff:a.b.c.d already arrives as an Inet4Address
        }
        byte[] b = address.getAddress();
        boolean zeros96 = true;
        for (int i = 0; i < 12; i++) {
            zeros96 &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        try {
            if ((zeros96 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) || nat64) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[2], b[3], b[4], b[5]}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
        return Optional.empty();
    }

    private static Network net(String cidr, String name) {
        return Network.parse(cidr, name);
    }

    private static Network cidr(String entry) {
        try {
            return Network.parse(entry, entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SETTING + ": '" + (entry.length() > 60 ? entry.substring(0, 60) + "..." : entry)
                    + "' is not a CIDR (10.0.0.0/8, fd00::/8), an address, or one of loopback, private, link-local");
        }
    }

    /** An address block; only literals are parsed, never a name (no DNS lookup hides in a setting). */
    private record Network(byte[] prefix, int bits, String name) {

        static Network parse(String text, String name) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            if (address.startsWith("[") && address.endsWith("]")) {
                address = address.substring(1, address.length() - 1);
            }
            if (address.isEmpty() || !(address.matches("[0-9a-f:.]+") && address.indexOf(':') >= 0 || address.matches("[0-9]+(\\.[0-9]+){3}"))) {
                throw new IllegalArgumentException("not an address literal");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address literal", e);
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length", e);
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("bad prefix length");
                }
            }
            return new Network(bytes, bits, name);
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (prefix[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
            } catch (UnknownHostException e) {
                return name;
            }
        }
    }
}
