package io.jobqueue.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Answers host names under {@code .invalid} with {@link UnknownHostException} at once, as RFC 6761
 * asks of resolvers, and leaves every other name to the JDK's own resolver. glibc does not know the
 * rule and sends the name to the DNS server, so without this a test of an unknown host would send a
 * query off the machine. Installed for every JVM that has the testkit on its class path, through
 * {@code META-INF/services/java.net.spi.InetAddressResolverProvider}.
 */
public final class InvalidNamesResolverProvider extends InetAddressResolverProvider {

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".invalid") || name.endsWith(".invalid.")) {
          throw new UnknownHostException(host);
        }
        return builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return builtin.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "jobqueue testkit: .invalid never resolves (RFC 6761), other names through the JDK's resolver";
  }
}
