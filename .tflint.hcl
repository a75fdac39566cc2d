# tflint configuration for `npm run verify` (scripts/verify.mjs runs tflint in each
# cdktf.out/stacks/<stack>, which holds one cdk.tf.json).
config {
  # cdktf inlines everything; the stacks call no modules.
  call_module_type = "none"
}

# Bundled with tflint.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# Built by scripts/install-tools.sh into .tools/tflint-plugins (TFLINT_PLUGIN_DIR); without `source`
# and `version`, tflint loads it from that directory and downloads nothing.
plugin "aws" {
  enabled = true
}
