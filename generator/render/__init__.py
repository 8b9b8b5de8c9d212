"""Renderers: the neutral plan to CloudFormation and Terraform text, through Jinja templates."""
