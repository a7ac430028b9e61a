"""Terraform's meta-arguments and meta-blocks: the words of a resource block that configure
Terraform itself, not the resource. Kept out of ``verifier.terraform`` so that code reading
CloudFormation can know them without importing the HCL parser."""

from __future__ import annotations

META_ARGUMENTS = ("count", "for_each", "provider", "depends_on", "providers", "source", "version")
META_BLOCKS = ("lifecycle", "provisioner", "connection")
