// Delivers the SMS events of Azure Communication Services to the hub's ACS webhook. Event Grid
// sends a validation event when the subscription is created and the hub must answer it, so deploy
// this only once the code is running (see infra/README.md: subscribeAcsEvents).

@description('Required. Name of the existing Event Grid system topic of the ACS resource.')
param systemTopicName string

@description('Required. The hub\'s ACS webhook URL including its ?secret= query (https://{host}/api/webhooks/acs/events?secret=...).')
@secure()
param endpointUrl string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource smsToHub 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'sms-to-hub'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSReceived'
        'Microsoft.Communication.SMSDeliveryReportReceived'
      ]
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

@description('Name of the event subscription.')
output name string = smsToHub.name
