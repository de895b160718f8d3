#!/bin/sh
# Test-only keys and certificates (valid 100 years), made once with OpenSSL 3:
#   ca.pem             a test CA; server.pem / client.pem are signed by it
#   server.pem + server-key.pem    CN=localhost, SAN DNS:localhost, IP:127.0.0.1 (RSA, PKCS#8)
#   client.pem + client-key.pem    CN=kshealth-client, clientAuth (EC P-256, PKCS#8)
#   other-ca.pem       a CA that signed nothing here: trusting it alone must fail
#   rsa-pkcs1.pem + rsa-pkcs1-key.pem  self-signed, the key in the old PKCS#1 form ("BEGIN RSA PRIVATE KEY")
#   ec-sec1.pem + ec-sec1-key.pem      self-signed, the key in the SEC1 form ("BEGIN EC PRIVATE KEY")
set -e
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days $days -subj /CN=kshealth-test-ca
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca-key.pem -out other-ca.pem -days $days -subj /CN=kshealth-other-ca
openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=localhost
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days $days -extfile server.ext
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client-key.pem -out client.csr -subj /CN=kshealth-client
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out client.pem -days $days -extfile client.ext
openssl genrsa -traditional -out rsa-pkcs1-key.pem 2048
openssl req -x509 -key rsa-pkcs1-key.pem -out rsa-pkcs1.pem -days $days -subj /CN=kshealth-pkcs1
openssl ecparam -name prime256v1 -genkey -noout -out ec-sec1-key.pem
openssl req -x509 -key ec-sec1-key.pem -out ec-sec1.pem -days $days -subj /CN=kshealth-sec1
rm -f ca-key.pem other-ca-key.pem *.csr *.ext *.srl
