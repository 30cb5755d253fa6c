package io.ostflow.planner.config;

/** {@code ostflow.planner.auth}: how the planner's HTTP routes tell who a caller is. */
public enum AuthMode {
    /** Every route but health needs the configured viewer or operator token. */
    TOKEN,
    /** Every route but health needs an OIDC access token with the viewer or operator role. */
    OIDC,
    /** Reads are open to whoever reaches the planner; only for a trusted network. */
    NONE
}
