"""E312: the security configuration's settings fit: certificate_provider Custom needs provider_class, PEM takes
none; an existing security configuration needs its name.

One code: each is a security configuration emrgen could not write or refer to.
Sources: Management Guide, "Providing certificates for encrypting data in transit with Amazon EMR encryption"
(emr-encryption-enable.html): a custom provider is a Java class (CertificateProviderClass), PEM certificates are
a zip in S3; Management Guide, "Use Lake Formation with Amazon EMR" (emr-lf-enable.html) shows both forms.
"""

from __future__ import annotations

from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E312",)


def check(spec: Spec, r: Report) -> None:
    sc = spec.security_configuration
    it = sc.in_transit
    base = ("security_configuration", "in_transit_encryption")
    if it is not None:
        if it.certificate_provider == "Custom" and not it.provider_class:
            r.error(base, "E312", "certificate_provider: Custom needs provider_class")
        if it.certificate_provider == "PEM" and it.provider_class:
            r.error(
                base + ("provider_class",), "E312", "provider_class is only for certificate_provider: Custom", key=True
            )
    if sc.existing and spec.walk is not None and ("security_configuration", "name") not in spec.walk.key_nodes:
        r.error(
            ("security_configuration", "existing"),
            "E312",
            "an existing security configuration needs its name",
            key=True,
        )
