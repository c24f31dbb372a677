import { defineLocale } from '../define';

/** Setup guide: the next step, the way on to the credentials, and what the card template needs. */
export default defineLocale(
  {
    nextStep: 'Next step',
    allDone: 'All steps are done.',
    nextCredentials: 'Next: enter credentials',
    cardTemplateTitle: 'About DingTalkTemplate.json',
    cardTemplate:
      'DingTalkTemplate.json is the sample card template that comes with the DMS notification guide; the guide names it but does not print its content, so Channel Desk cannot offer it as a file. Whichever template you import or build, give it these variables, which Channel Desk fills for every notification:',
    cardVariables: {
      title: 'title: the notification title',
      module: 'module: the DMS module, e.g. Ticket',
      businessType: 'businessType: the ticket type, e.g. Data Exporting',
      status: 'status: the ticket status, e.g. Pending Approval',
      taskId: 'taskId: the ticket number',
      taskName: 'taskName: the ticket name',
      submitter: 'submitter: who submitted the ticket',
      eventTime: 'eventTime: when it happened',
      message: 'message: the DMS message text',
      url: 'url: the link to the ticket in DMS',
    },
  },
  {
    nextStep: '下一步',
    allDone: '所有步骤均已完成。',
    nextCredentials: '下一步：填写凭证',
    cardTemplateTitle: '关于 DingTalkTemplate.json',
    cardTemplate:
      'DingTalkTemplate.json 是 DMS 通知配置指南附带的示例卡片模板；指南只提到它的名称而未给出内容，因此 Channel Desk 无法以文件形式提供。无论导入还是自行搭建模板，请包含以下变量，Channel Desk 每次通知都会填写：',
    cardVariables: {
      title: 'title：通知标题',
      module: 'module：DMS 模块，例如“工单”',
      businessType: 'businessType：工单类型，例如“数据导出”',
      status: 'status：工单状态，例如“待审批”',
      taskId: 'taskId：工单号',
      taskName: 'taskName：工单名称',
      submitter: 'submitter：提交人',
      eventTime: 'eventTime：发生时间',
      message: 'message：DMS 消息内容',
      url: 'url：DMS 中该工单的链接',
    },
  },
);
