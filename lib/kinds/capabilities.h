/*
 * The capabilities of the repository-profile kind: one per requirement of
 * the OpenSSF Principles for Package Repository Security (v0.1, Feb 2024),
 * with the track and maturity level the Principles give it. One list feeds
 * both the kind's member table and the maturity evaluation.
 */
#ifndef SSRI_CAPABILITIES_H
#define SSRI_CAPABILITIES_H

typedef enum ssri_track {
    SSRI_TRACK_AUTHENTICATION = 0,
    SSRI_TRACK_AUTHORIZATION = 1,
    SSRI_TRACK_GENERAL = 2,
    SSRI_TRACK_CLI = 3,
    SSRI_TRACK_COUNT = 4
} ssri_track;

/* X(id, track, level, requirement) */
#define SSRI_CAPABILITIES(X)                                                                                  \
    X("auth.email-verification", SSRI_TRACK_AUTHENTICATION, 1, "Email addresses are verified")               \
    X("auth.account-recovery-policy", SSRI_TRACK_AUTHENTICATION, 1, "Account recovery is documented")        \
    X("auth.mfa-strong", SSRI_TRACK_AUTHENTICATION, 1, "Strong MFA (TOTP or better) is offered")               \
    X("auth.security-notifications", SSRI_TRACK_AUTHENTICATION, 1, "Users are notified of security events")   \
    X("auth.brute-force-protection", SSRI_TRACK_AUTHENTICATION, 1, "Logins are protected from brute force")  \
    X("auth.abandoned-domain-detection", SSRI_TRACK_AUTHENTICATION, 2, "Abandoned email domains are detected") \
    X("auth.mfa-phishing-resistant", SSRI_TRACK_AUTHENTICATION, 2, "Phishing-resistant MFA is offered")        \
    X("auth.mfa-required-critical", SSRI_TRACK_AUTHENTICATION, 2, "MFA is required for critical packages")    \
    X("auth.leaked-credential-check", SSRI_TRACK_AUTHENTICATION, 2, "Passwords are checked against leaks")    \
    X("auth.passwordless", SSRI_TRACK_AUTHENTICATION, 3, "Passwordless login (passkeys) is offered")          \
    X("auth.mfa-required-all", SSRI_TRACK_AUTHENTICATION, 3, "MFA is required for all maintainers")          \
    X("auth.mfa-phishing-resistant-required-critical", SSRI_TRACK_AUTHENTICATION, 3,                          \
      "Phishing-resistant MFA is required for critical packages")                                            \
    X("authz.scoped-tokens", SSRI_TRACK_AUTHORIZATION, 1, "API tokens can be scoped to packages")            \
    X("authz.token-prefix", SSRI_TRACK_AUTHORIZATION, 1, "API tokens carry an identifiable prefix")          \
    X("authz.rbac", SSRI_TRACK_AUTHORIZATION, 2, "Role-based access control for maintainers")                \
    X("authz.trusted-publishing", SSRI_TRACK_AUTHORIZATION, 3, "Trusted publishing with short-lived OIDC tokens") \
    X("authz.secret-scanning", SSRI_TRACK_AUTHORIZATION, 3, "Secret scanning with a token revocation endpoint") \
    X("authz.build-provenance", SSRI_TRACK_AUTHORIZATION, 3, "Build provenance is accepted and shown")       \
    X("general.vulnerability-disclosure", SSRI_TRACK_GENERAL, 1, "A vulnerability disclosure policy")        \
    X("general.typosquatting-prevention", SSRI_TRACK_GENERAL, 1, "Typosquatting is prevented")               \
    X("general.unpublish-policy", SSRI_TRACK_GENERAL, 2, "No version replacement and no name reuse")         \
    X("general.malware-reporting", SSRI_TRACK_GENERAL, 2, "Users can report malware")                        \
    X("general.malware-detection", SSRI_TRACK_GENERAL, 2, "Uploads are scanned for malware")                 \
    X("general.vulnerability-warnings", SSRI_TRACK_GENERAL, 2, "Known vulnerabilities are shown in the UI")  \
    X("general.security-reviews", SSRI_TRACK_GENERAL, 3, "Periodic security reviews of the registry")        \
    X("general.transparency-log", SSRI_TRACK_GENERAL, 3, "A transparency log of registry events")            \
    X("general.osv-advisories", SSRI_TRACK_GENERAL, 3, "Malicious-package advisories published in OSV")      \
    X("cli.pinning", SSRI_TRACK_CLI, 1, "The CLI pins versions and hashes")                                  \
    X("cli.vulnerability-warnings", SSRI_TRACK_CLI, 2, "The CLI warns of vulnerabilities on install")        \
    X("cli.sbom", SSRI_TRACK_CLI, 3, "The CLI generates SBOMs")                                              \
    X("cli.auto-remediation", SSRI_TRACK_CLI, 3, "The CLI remediates vulnerable dependencies")               \
    X("cli.reachability", SSRI_TRACK_CLI, 3, "The CLI analyses vulnerability reachability")

typedef struct ssri_capability {
    const char *id;
    ssri_track track;
    int level;
    const char *requirement;
} ssri_capability;

/* All capabilities in the order above, terminated by a NULL id. */
extern const ssri_capability ssri_capabilities[];
extern const char *const ssri_track_names[SSRI_TRACK_COUNT];

#endif /* SSRI_CAPABILITIES_H */
