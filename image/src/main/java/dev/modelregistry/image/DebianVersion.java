package dev.modelregistry.image;

import java.util.Comparator;

/**
 * Orders Debian package versions ({@code [epoch:]upstream[-revision]}) the way dpkg does, so the
 * build takes the newest of what several suites list (a security suite can lag behind a point release).
 */
final class DebianVersion {

    /** dpkg's order; null versions are not accepted. */
    static final Comparator<String> ORDER = DebianVersion::compare;

    private DebianVersion() {
    }

    static int compare(String a, String b) {
        int epoch = Long.compare(epoch(a), epoch(b));
        if (epoch != 0) {
            return epoch;
        }
        String restA = withoutEpoch(a);
        String restB = withoutEpoch(b);
        int dashA = restA.lastIndexOf('-');
        int dashB = restB.lastIndexOf('-');
        String upstreamA = dashA < 0 ? restA : restA.substring(0, dashA);
        String upstreamB = dashB < 0 ? restB : restB.substring(0, dashB);
        int upstream = compareParts(upstreamA, upstreamB);
        if (upstream != 0) {
            return upstream;
        }
        return compareParts(dashA < 0 ? "0" : restA.substring(dashA + 1), dashB < 0 ? "0" : restB.substring(dashB + 1));
    }

    private static long epoch(String version) {
        int colon = version.indexOf(':');
        return colon < 0 ? 0 : Long.parseLong(version.substring(0, colon));
    }

    private static String withoutEpoch(String version) {
        int colon = version.indexOf(':');
        return colon < 0 ? version : version.substring(colon + 1);
    }

    /** Alternating non-digit and digit runs; non-digits by {@link #weight}, digits as numbers. */
    private static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int wa = i < a.length() && !Character.isDigit(a.charAt(i)) ? weight(a.charAt(i)) : 0;
                int wb = j < b.length() && !Character.isDigit(b.charAt(j)) ? weight(b.charAt(j)) : 0;
                if (wa != wb) {
                    return Integer.compare(wa, wb);
                }
                if (i < a.length() && !Character.isDigit(a.charAt(i))) {
                    i++;
                }
                if (j < b.length() && !Character.isDigit(b.charAt(j))) {
                    j++;
                }
            }
            int startA = i;
            while (i < a.length() && Character.isDigit(a.charAt(i))) {
                i++;
            }
            int startB = j;
            while (j < b.length() && Character.isDigit(b.charAt(j))) {
                j++;
            }
            int numbers = new java.math.BigInteger("0" + a.substring(startA, i))
                    .compareTo(new java.math.BigInteger("0" + b.substring(startB, j)));
            if (numbers != 0) {
                return numbers;
            }
        }
        return 0;
    }

    /** '~' sorts before the end of a part, letters before other characters. */
    private static int weight(char c) {
        if (c == '~') {
            return -1;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        return c + 256;
    }
}
