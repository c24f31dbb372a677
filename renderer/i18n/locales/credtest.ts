import { defineLocale } from '../define';

export default defineLocale(
  {
    title: 'Credential test',
    run: 'Test credentials',
    cancel: 'Cancel',
    recipient: 'Send a test message to (optional)',
    recipientPlaceholder: 'Mobile number or e-mail',
    notRun:
      'Checks the configuration, that the host is reachable, the access token and the permissions; with a recipient, it also finds the user and sends one real test message.',
    lastTest: 'Last test',
    never: 'Never tested',
    typedHelp: 'Tests the values typed above, including an unsaved secret. Nothing is saved by the test.',
    passedTyped: 'These values work.',
    save: 'Save',
    saveAndEnable: 'Save and enable',
  },
  {
    title: '凭据测试',
    run: '测试凭据',
    cancel: '取消',
    recipient: '发送测试消息给（可选）',
    recipientPlaceholder: '手机号或邮箱',
    notRun: '检查配置、主机是否可达、访问令牌和权限；填写接收人后，还会查找该用户并发送一条真实的测试消息。',
    lastTest: '上次测试',
    never: '尚未测试',
    typedHelp: '测试上面填写的值（包括未保存的密钥）。测试不会保存任何内容。',
    passedTyped: '这些值可以使用。',
    save: '保存',
    saveAndEnable: '保存并启用',
  },
);
