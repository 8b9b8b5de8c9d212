"""Read an AWS account (read-only): ``emrgen import`` and ``emrgen drift`` (issue 16)."""
