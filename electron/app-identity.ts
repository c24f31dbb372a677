/** One place for the app's identity; electron-builder.yml's appId must equal APP_ID (a test checks). */
export const APP_ID = 'com.channeldesk.app';
export const PRODUCT_NAME = 'Channel Desk';
