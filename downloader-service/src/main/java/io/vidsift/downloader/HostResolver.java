package io.vidsift.downloader;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name to addresses; the system resolver in production, a fixed table in tests of hostile DNS answers. */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
