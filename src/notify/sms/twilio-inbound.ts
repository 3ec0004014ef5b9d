import twilio from 'twilio';

/**
 * Checks `X-Twilio-Signature` on a request Twilio (or a compatible provider)
 * made to us, with Twilio's own library: HMAC-SHA1 with the auth token over the
 * exact public URL it called and the sorted form parameters.
 */
export function twilioSignatureVerifier(authToken: string): (signature: string, url: string, params: Record<string, string>) => boolean {
  return (signature, url, params) => Boolean(signature) && twilio.validateRequest(authToken, signature, url, params);
}
