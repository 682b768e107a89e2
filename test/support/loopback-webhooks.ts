// Import first, before the service's modules: the configuration is read once, when the app module
// is first imported. The suite's webhook receiver listens on 127.0.0.1, which webhooks may reach
// only when WEBHOOK_ALLOWED_HOSTS allows it (by default they go to public addresses only).
process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
export {};
