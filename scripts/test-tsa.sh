#!/bin/sh
# Makes a throwaway RFC 3161 timestamp authority for tests, with OpenSSL
# alone: a CA, and a TSA certificate it issues (extended key usage
# timeStamping, critical, as RFC 3161 requires), and the configuration
# `openssl ts -reply` reads. Test use only: the keys are made fresh in DIR
# each time and never committed.
#
#   scripts/test-tsa.sh DIR [rsa|ec] [NAME]
#
# Then, for a request file q.tsq:
#   openssl ts -reply -config DIR/tsa.cnf -queryfile q.tsq -out r.tsr
# DIR/ca.pem is the authority's CA (openssl ts -verify -CAfile DIR/ca.pem),
# DIR/tsa.pem its signing certificate (tw-verify --tsa-cert DIR/tsa.pem).
set -eu
dir=$1
kind=${2:-rsa}
name=${3:-Stand-in Timestamp Authority}
mkdir -p "$dir"
cd "$dir"
case $kind in
  rsa) newkey="-newkey rsa:2048" ;;
  ec) newkey="-newkey ec -pkeyopt ec_paramgen_curve:P-256" ;;
  *) echo "test-tsa.sh: kind must be rsa or ec" >&2; exit 2 ;;
esac
quiet() { "$@" 2>/dev/null || "$@"; }
# shellcheck disable=SC2086
quiet openssl req -x509 $newkey -nodes -days 36500 -subj "/O=Tracking Witness tests/CN=$name CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout ca.key -out ca.pem
# shellcheck disable=SC2086
quiet openssl req $newkey -nodes -subj "/O=Tracking Witness tests/CN=$name" -keyout tsa.key -out tsa.csr
printf '%s\n' 'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature' \
  'extendedKeyUsage=critical,timeStamping' 'subjectKeyIdentifier=hash' > tsa.ext
quiet openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 36500 -extfile tsa.ext -out tsa.pem
echo 01 > serial
cat > tsa.cnf <<EOF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = $(pwd)
serial = \$dir/serial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
certs = \$dir/ca.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
EOF
